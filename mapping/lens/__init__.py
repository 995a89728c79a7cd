"""The prevention lens: what this tool knows about atrocity prevention, beyond nodes and edges.

- `country_risk`: the Early Warning Project's statistical risk assessment and R2P Monitor status.
- `phases`: viewing the map and the analyses for one prevention phase.
- `brief`: a one-page engagement brief for an actor or leader.
- `plan`: the engagement plan and coverage gaps.

The knowledge itself lives in documented tables in `mapping/reference/`.
"""
