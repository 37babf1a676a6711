"""The entity kinds the emulator serves: the resource table, entity factories, list rules, response rendering,
vocabularies and the per-kind write rules.
"""
