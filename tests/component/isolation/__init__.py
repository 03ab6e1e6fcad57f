"""The isolation matrix, split by what each part holds: `world` (the victim, the attackers and the
assertions), the attacks per area (`canonical`, `auth`, `audit`, `public`, `door000`...`door004`),
`matrix` (the table, as data) and `test_isolation_matrix` (its cases and its coverage check)."""
