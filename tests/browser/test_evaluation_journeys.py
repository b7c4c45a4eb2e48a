"""Browser journeys of the evaluation: a judge scores a unit, and staff finalize and publish
a period. They come next, once the judging and period screens are finished."""
