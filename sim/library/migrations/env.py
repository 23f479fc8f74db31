"""Alembic's entry: runs the migrations on the connection given by ``sim.library.database``
(``config.attributes["connection"]``), against the models' metadata."""

from alembic import context

from sim.library.models import Base

context.configure(connection=context.config.attributes["connection"], target_metadata=Base.metadata,
                  render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
