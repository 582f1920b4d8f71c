"""The recipes: one module per task, each run as `python3 -m opipe.recipes.<Task>`."""
