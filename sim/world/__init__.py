"""Geography: the border line, the cities and the corridor grid with its property layers."""
