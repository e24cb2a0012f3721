"""The classroom visualizer: a Solara page over Mesa models of the corridor (`bordersim viz`).

`factory` turns the controls into a validated BorderModel (and, when comparing, its no-policy
twin and two more seed pairs for an interval), `settings` holds every setting of the page and
writes it to the URL, `lessons` holds the prepared lessons, `session` steps and draws one tab's
model under one lock, `basemap` and `map` draw the real corridor with the model on it, `charts`
and `city` draw the series, `panel` and `compare` say in plain words what happened and what the
policy changed, `export` makes the downloads, `labels` holds every text in English and Spanish,
and `app` lays out the page.
"""
