"""The analyses: pure functions over a `StakeholderMap`, one question per module.

Each takes the map and, where it walks ties, the `InfluenceNetwork` of the map under
its tie options (built by `influence.influence_network` when not given). Nothing here
remembers results between calls: the app caches them (`ui.analysis`).

- `influence`: the positive influence network every analysis walks (strength, -ln distance).
- `paths`: the k strongest routes from one actor to another.
- `reach`: reach toward targets and accessibility from us.
- `brokerage`: betweenness, and brokers between two groups.
- `convening`: how many actors an actor can bring to the table.
- `traits`: alignment (stance) and trust (integrity, neutrality).
- `ranking`: the engagement score of organisations, with components and reasons.
- `leaders`: people ranked through their organisations and seniority.
- `critical`: the brokers we cannot lose between us and a target.
- `coalitions`: signed groups (Leiden on positive and negative ties), a consensus of seeded runs.
- `scenarios`: a changed map compared with the base map.

Each module's docstring states its formula; the README collects them.
"""
