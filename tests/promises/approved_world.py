"""The approved project of `test_decision_support.approved` (its region, users and stored
fi+sv PDFs) as fixtures built once for each module that takes them:

    approved_world, region, users, project, media_root, approved = approved_world.FIXTURES

(fixtures, not imports: a test's parameter of the same name then reads as what it is).
Each test reads the project in its own savepoint, with its own copy of the files. A module
that needs another decision builds its own `approved_world`
(`test_decision_support.approved_world_fixture(decide)`) and takes the rest of `FIXTURES`."""

from . import test_decision_support as support

FIXTURES = (
    support.approved_world,
    support.world_region,
    support.world_users,
    support.world_project,
    support.world_media_root,
    support.world_approved,
)
