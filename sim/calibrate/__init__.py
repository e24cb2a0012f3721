"""Calibration of the baseline by the method of simulated moments (`bordersim calibrate`)."""
