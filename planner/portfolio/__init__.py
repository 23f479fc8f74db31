"""A group portfolio: many sites under one group call centre (seed 000, DOMAIN §2, §9).

Modules: ``split`` (the portfolio cut into the pooled centre's scenario and each site's own),
``planning`` (the centre planned on the pooled demand, each site's field and own desk planned for
that site, sites in parallel on an executor), ``budget`` (the centre's cost lines, each site's
budget with its allocated share, allocation bases, break-even fees), ``decision`` (traditional
against centralised per site and in total, economies of scale, the break-even number of sites,
which sites save most when migrated), ``report`` (the portfolio's plan as a dict for
portfolio.json and as text). The front ends (``planner.cli``, ``ui/pages/portfolio.py``) only
call them.
"""
