"""The mechanisms: what happens each month, one module per mechanism.

Each works on the state tables (`sim.state`) and reports its flows to the ledger; the model
(`sim.model`) calls them in the monthly order of `docs/model.md` section 3.
"""
