"""The route after submission: progress (voortgang.yaml), the steps with their due dates,
the calendar (termijnen.ics) and the route map (SVG)."""
