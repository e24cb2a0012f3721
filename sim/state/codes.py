"""The integer codes the state arrays use, and their names in outputs and agent attributes."""

from __future__ import annotations

COUNTRY_NAMES = ("MX", "US")  # country code 0, 1
COUNTRY_TAGS = ("mx", "us")  # as in output column suffixes
N_COUNTRIES = len(COUNTRY_NAMES)

EMPLOYED, UNEMPLOYED, TRAINING, DEPARTED = 0, 1, 2, 3
STATUS_NAMES = ("employed", "unemployed", "training", "departed")
N_STATUSES = len(STATUS_NAMES)

OPERATIVE, TECHNICIAN = 0, 1
SKILL_NAMES = ("operative", "technician")
N_SKILLS = len(SKILL_NAMES)

NONE, PILOT, ADOPTED = 0, 1, 2  # a plant's automation stage
STAGE_NAMES = ("none", "pilot", "adopted")

SECTORS = ("automotive", "electronics", "aerospace", "medical_devices", "other")

# the policy instruments public money pays for (`sim.mechanisms.public_finance`)
INSTRUMENTS = ("sez_credit", "sme_grant", "retraining_subsidy", "training_seats", "stipends")
