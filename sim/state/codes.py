"""The integer codes the state arrays use, and their names in outputs and agent attributes."""

from __future__ import annotations

# country code 0, 1: names in outputs and agent attributes, tags as column suffixes (one table)
from sim.world.countries import COUNTRY_NAMES as COUNTRY_NAMES
from sim.world.countries import COUNTRY_TAGS as COUNTRY_TAGS
from sim.world.countries import N_COUNTRIES as N_COUNTRIES

# plant sector code 0..4 (the config checks sector names against the same table)
from sim.world.sectors import SECTORS as SECTORS

EMPLOYED, UNEMPLOYED, TRAINING, DEPARTED = 0, 1, 2, 3
STATUS_NAMES = ("employed", "unemployed", "training", "departed")
N_STATUSES = len(STATUS_NAMES)

# where a departed worker went: a formal non-manufacturing job or informal work in the city,
# or out of the labour market (retirement, emigration); -1 while not departed. A departed
# worker the model still follows (`sim.mechanisms.careers`) may move on to the city's
# unemployed (CITY_UNEMPLOYED) and from there back to a job
TO_OTHER_JOB, TO_INFORMAL, OUT_OF_LABOUR_FORCE, CITY_UNEMPLOYED = 0, 1, 2, 3

OPERATIVE, TECHNICIAN = 0, 1
SKILL_NAMES = ("operative", "technician")
N_SKILLS = len(SKILL_NAMES)

NONE, PILOT, ADOPTED = 0, 1, 2  # a plant's automation stage
STAGE_NAMES = ("none", "pilot", "adopted")

# the policy instruments public money pays for (`sim.mechanisms.public_finance`)
INSTRUMENTS = ("sez_credit", "sme_grant", "retraining_subsidy", "training_seats", "stipends")
