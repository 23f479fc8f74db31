"""One replication of a whole scenario: the contact centre and every site's field operations on
one SimPy clock, so that calls open work orders, closed work orders owe return visits, and
verified alarms send guards (the office and the field are one model)."""

from __future__ import annotations

from sim.engine.contact_centre import ContactCentre, ReplicationLog
from sim.field.district import district_fields
from sim.field.site import SiteField
from sim.scenario import Scenario


class SiteModel:
    """``SiteModel(scenario, seed, replication).run()`` returns the replication's log, with one
    :class:`sim.field.site.FieldLog` per site in ``log.field`` when the scenario has a field
    section, and one :class:`sim.field.district.DistrictLog` per district with shared teams in
    ``log.districts``. ``sink``: streaming mode (sim.results.streaming.StreamingSummary), see ContactCentre."""

    def __init__(self, scenario: Scenario, seed: int, replication: int, sink=None):
        self.centre = ContactCentre(scenario, seed, replication, sink)
        self.fields = ([SiteField(self.centre, name, site, scenario.field, scenario,
                                  None if sink is None else sink.field_stream(i))
                        for i, (name, site) in enumerate(scenario.sites.items())]
                       if scenario.field is not None else [])
        self.districts = district_fields(self.centre, scenario, self.fields)

    def run(self) -> ReplicationLog:
        for site_field in self.fields:
            site_field.start()
        for district in self.districts:
            district.start()
        log = self.centre.run()
        log.field = [site_field.finish() for site_field in self.fields]
        log.districts = [district.finish() for district in self.districts]
        if self.fields and self.centre.sink is not None:
            self.centre.sink.flush_fields()  # streaming: the last field block, every site's
        return log
