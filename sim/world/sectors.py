"""The plant sectors, and the US demand each one sells into (Federal Reserve G.17).

US industrial production by industry stands for the US demand border plants serve: Mexican
plants export to it, US border plants sell into it. Percent change fourth quarter to fourth
quarter, seasonally adjusted (G.17 Table 2, releases of 15 May 2025 and 15 May 2026).
"""

from __future__ import annotations

from types import MappingProxyType

SECTORS = ("automotive", "electronics", "aerospace", "medical_devices", "other")

# US total industry: the path of every sector G.17 Table 2 does not list
_US_TOTAL_INDUSTRY = {2022: 0.018, 2023: 0.0, 2024: -0.009, 2025: 0.016}

# yearly growth of US output by plant sector, Q4/Q4
US_SECTOR_GROWTH = MappingProxyType(
    {
        # motor vehicles and parts (NAICS 3361-3)
        "automotive": {2022: 0.058, 2023: -0.005, 2024: -0.028, 2025: -0.035},
        # mean of computers and peripherals (3341: +8.2, +6.8, +12.5, +10.1 %) and
        # semiconductors and electronic components (3344: +5.0, +4.0, +8.2, +13.9 %)
        "electronics": {2022: 0.066, 2023: 0.054, 2024: 0.1035, 2025: 0.12},
        # aerospace (3364) and medical equipment (3391) are not in Table 2: total industry
        "aerospace": _US_TOTAL_INDUSTRY,
        "medical_devices": _US_TOTAL_INDUSTRY,
        "other": _US_TOTAL_INDUSTRY,
    }
)

US_SECTOR_SOURCE = MappingProxyType(
    {
        "automotive": "Fed G.17 Table 2 (Q4/Q4), motor vehicles and parts (NAICS 3361-3)",
        "electronics": "Fed G.17 Table 2 (Q4/Q4), mean of computers and peripherals (3341) and "
        "semiconductors and components (3344)",
        "aerospace": "Fed G.17 Table 2 (Q4/Q4), US total industry (aerospace 3364 not in Table 2)",
        "medical_devices": "Fed G.17 Table 2 (Q4/Q4), US total industry (medical equipment 3391 "
        "not in Table 2)",
        "other": "Fed G.17 Table 2 (Q4/Q4), US total industry",
    }
)

# after the last observed year: the mean of US total industry 2022-2025 (+0.6 %/yr), an
# assumption, not a forecast
US_TREND_GROWTH = round(sum(_US_TOTAL_INDUSTRY.values()) / len(_US_TOTAL_INDUSTRY), 4)
