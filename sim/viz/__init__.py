"""The classroom visualizer: a Mesa SolaraViz app of the corridor (`bordersim viz`).

`factory` turns slider values into a validated BorderModel, `map` and `charts` draw it with
matplotlib, `panel` says what happened this month in plain words, `labels` holds every text in
English and Spanish, and `app` puts them together in SolaraViz.
"""
