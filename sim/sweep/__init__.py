"""Policy sweeps: sweep files, designs, local and Dask execution, a resumable store, analysis.

Entry points: `sim.sweep.plan.load_sweep`, `sim.sweep.runner.run_sweep`,
`sim.sweep.analyze.analyze`; the CLI is `bordersim sweep` and `bordersim analyze`.
"""
