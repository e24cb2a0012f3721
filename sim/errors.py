"""Errors a user can fix: the CLI prints them in one line and exits with status 2."""


class UserError(Exception):
    """Bad input (config, flag, file): the message says what, where and what is allowed."""
