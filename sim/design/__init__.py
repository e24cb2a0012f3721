"""Policy design: `bordersim optimize` (cheapest lever mix) and `discover` (where policies fail)."""
