"""Running scenarios: one run to a folder of outputs, with manifest and figure."""
