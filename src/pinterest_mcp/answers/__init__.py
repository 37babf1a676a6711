"""Shaping Pinterest's answers for a model: compact views, dates, analytics and report answers, account facts
(currency, time zone) and downloaded report files.
"""
