"""The briefing: context building (context.py) and HTML/PDF rendering (render.py)."""
