"""Brief's benchmarks: quality and speed, each beside its baseline in the same run.

Run all with ``python -m benchmarks`` (``--quick`` for a seconds-long smoke run), or one
suite with ``python -m benchmarks.<suite>``. Results are printed as tables and written
as JSON under benchmarks/results/.
"""
