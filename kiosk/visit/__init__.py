"""The visit as a Qt-free state machine.

- ``states``: the states and what changes, light enough to import before the first frame;
- ``machine``: one citizen's visit (``Visit``), its timing and the services it uses;
- ``desk``: the terminal's current visit, and the next one the moment a visit ends;
- ``applications``: what "my applications" shows; ``ports``: what the visit needs from the world;
- ``clock``: timers moved by hand, for tests and the screen tour.
- ``prompts``: the texts screens show and the voice says; ``speech``: what is said for a visit.
- ``staffing``: hall staff's sign-in and session (``StaffPost``, on the desk), assisted visits and typed
  identities; ``counter``: the services that need no card (status, document checks, queue tickets);
  ``calls``: calls for staff (on the desk); ``hall_prompts``: their texts.
"""
