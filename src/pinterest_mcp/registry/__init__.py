"""The operation registry: the record types every declaration fills in (``records``), the toolsets that select
them (``toolsets``), the shared input fields (``inputs``) and leaf helpers the declarations need (``money``,
``privacy``). It imports nothing above the spec facts, so declarations and every consumer can depend on it.
"""
