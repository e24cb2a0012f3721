"""Population state: the worker and plant tables, the rosters, the codes and the flow ledger.

Nothing here decides anything: the tables keep their counts consistent under every transition,
and the mechanisms (`sim.mechanisms`) say which transitions happen.
"""
