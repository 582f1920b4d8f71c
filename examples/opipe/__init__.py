"""opipe: a small example pipeline of AWE-style recipes, standard library only."""
