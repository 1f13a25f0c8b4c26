"""The route after submission: progress (voortgang.yaml), the steps with their due dates,
the calendar (termijnen.ics) and the route map (SVG).

Light on purpose: the names of the files it owns in ``build/<naam>/`` are read by modules
that must not import the route itself.
"""

ICS_NAME = "termijnen.ics"
