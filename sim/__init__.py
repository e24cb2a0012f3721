"""bordersim: agent-based simulator of the Mexico-US border manufacturing economy."""
