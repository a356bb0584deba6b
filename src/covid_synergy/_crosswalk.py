"""Crosswalks from the dataset's own vocabularies to the field's standards.

* Every :class:`~covid_synergy.EventKind` maps to one **CAMEO** event code
  (Conflict and Mediation Event Observations, codebook 1.1b3, the scheme
  GDELT codes its events in; ACLED-based work joins through it too).
* Every :class:`~covid_synergy.AidKind` maps to one **IATI aid-type** code
  (vocabulary 1, the OECD DAC "Type of aid" codes) and one **IATI flow-type**
  code (the OECD DAC flow types).

A kind maps to the code that fits the kind as the dataset defines it, not
each record: one code per kind keeps the join predictable, and the comment on
each line says why that code was chosen. The tables are keyed by the enum
*values* (``"call"``, ``"medical_team"``) so that this module imports nothing
from the model, which reads them (``Event.cameo_code``,
``AidRecord.iati_aid_type``, ``AidRecord.iati_flow_type``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "CAMEO_CODES",
    "CAMEO_NAMES",
    "IATI_AID_TYPES",
    "IATI_AID_TYPE_NAMES",
    "IATI_FLOW_TYPES",
    "IATI_FLOW_TYPE_NAMES",
]

#: The CAMEO event code of every event kind, keyed by ``EventKind`` value.
CAMEO_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # A statement made public: the article's announcements are declarations,
        # not promises (promises of aid are aid records with status "pledged").
        "announcement": "010",
        # Every arrival in the article is a medical team or a load of supplies
        # landing in the country helped, so the act is the aid itself.
        "arrival": "073",
        # A state honour given to a foreign team is public praise.
        "award": "051",
        # Recorded or live broadcasts are public statements; CAMEO codes the act
        # of speaking, not the medium.
        "broadcast": "010",
        # Calls between leaders are telephone calls.
        "call": "041",
        # Sharing case data, genome sequences and primers with the WHO and others.
        "information_sharing": "064",
        # The WHO's on-site inspection is an investigation; CAMEO's 09 "Investigate"
        # has no narrower code for public-health inspections, so the generic one.
        "inspection": "090",
        # Instructions issued by a leader are public statements of policy;
        # CAMEO has no code for domestic directives.
        "instruction": "010",
        # Meetings in person or online whose host or visitor the kind does not
        # say: "Consult, not specified" rather than 042/043/044.
        "meeting": "040",
        # A press conference is a public statement.
        "press_conference": "010",
        # Publishing a document (the white paper) is a public statement.
        "publication": "010",
        # A request for help or cooperation, not specified further.
        "request": "020",
        # Shipments in the article are medical supplies sent as aid.
        "shipment": "073",
        # A summit is a multilateral consultation; the article's one was held by
        # video, so not "Meet at a third location" (044).
        "summit": "040",
        # Training given by the medical teams sent as aid is part of that aid.
        "training": "073",
        # A consultation held by video: "Consult, not specified"; 041 is for the
        # telephone and 042-044 for meetings in person.
        "videoconference": "040",
        # Going to another country: "Make a visit" (coded from the visitor's side).
        "visit": "042",
    }
)

#: The CAMEO names of the codes used above.
CAMEO_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "010": "Make statement, not specified below",
        "020": "Make an appeal or request, not specified below",
        "040": "Consult, not specified below",
        "041": "Discuss by telephone",
        "042": "Make a visit",
        "051": "Praise or endorse",
        "064": "Share intelligence or information",
        "073": "Provide humanitarian aid",
        "090": "Investigate, not specified below",
    }
)

#: The IATI aid-type code (vocabulary 1, OECD DAC) of every aid kind, keyed by
#: ``AidKind`` value; ``None`` where no code is honest.
IATI_AID_TYPES: Final[Mapping[str, str | None]] = MappingProxyType(
    {
        # Debt service suspension and relief.
        "debt_relief": "F01",
        # Training and shared expertise given in the recipient country, not by
        # personnel posted for a project (D01) nor as scholarships (E01).
        "expertise_training": "D02",
        # Money given for a purpose, the project-type default; the DAC codes for
        # core contributions (B02) or budget support (A01) need facts the article
        # does not give.
        "funds": "C01",
        # Goods donated in kind (sheep, rice, tea): commodities delivered as a
        # project-type intervention.
        "in_kind_goods": "C01",
        # Setting up a testing laboratory is a project.
        "laboratory": "C01",
        # Medical supplies donated: commodities delivered as a project-type
        # intervention, as DAC reporting codes humanitarian supplies.
        "medical_supplies": "C01",
        # Medical teams sent: experts from the donor country.
        "medical_team": "D01",
        # Help in sourcing and buying supplies is technical assistance.
        "procurement_support": "D02",
        # The article does not say what was given; IATI has no "unknown" code and
        # any guess would mislead a join, so no code.
        "unspecified": None,
    }
)

#: The names of the IATI aid-type codes used above.
IATI_AID_TYPE_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "C01": "Project-type interventions",
        "D01": "Donor country personnel",
        "D02": "Other technical assistance",
        "F01": "Debt relief",
    }
)

#: The IATI flow-type code of every aid kind, keyed by ``AidKind`` value.
#: Every kind is a grant, gift or concessional act between governments,
#: their agencies or international bodies, the "ODA" flow type (whether or
#: not the giver reports to the OECD DAC).
IATI_FLOW_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Relief on official bilateral debt is reported as ODA.
        "debt_relief": "10",
        "expertise_training": "10",
        "funds": "10",
        "in_kind_goods": "10",
        "laboratory": "10",
        "medical_supplies": "10",
        "medical_team": "10",
        "procurement_support": "10",
        # Unspecified help is still an official gift in every record.
        "unspecified": "10",
    }
)

#: The names of the IATI flow-type codes used above.
IATI_FLOW_TYPE_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "10": "ODA",
    }
)
