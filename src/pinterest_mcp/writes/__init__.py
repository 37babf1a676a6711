"""Write safety: plans shown before any change, one-time confirmations, the journal of applied writes, outcomes,
locks, and ``port``, the narrow view of the runtime the write flow needs (so this layer never imports it).
"""
