"""The mechanisms: what happens each month, one module per mechanism.

Each is built with the state tables (`sim.state`), config sections, ledger and random stream
it uses, declares what it `reads` and `writes`, and is given what changes each month as
arguments; the model (`sim.model`) calls them in the monthly order of `docs/model.md`
section 3. None takes the whole model.
"""
