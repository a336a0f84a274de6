"""The six phases of the national model by name (their texts: phases/catalogue_data.py).

A project's `phase` is one of these numbers; code names the phase it means, never the digit.
"""

START_PHASE = 1  # project start: the team, the plan, the timetable
PARTICIPATION_PHASE = 2  # dialogue and participation: stakeholders, inputs, syntheses
PREPARATION_PHASE = 3  # official preparation: the promise drafted, commented and finalised
DECISION_PHASE = 4  # administrative decisions: the decision package, the council decision
IMPLEMENTATION_PHASE = 5  # implementation and communication
FOLLOW_UP_PHASE = 6  # follow-up, evaluation, continuous development

FIRST_PHASE = START_PHASE
LAST_PHASE = FOLLOW_UP_PHASE
PHASES = range(FIRST_PHASE, LAST_PHASE + 1)
