/**
 * Programmes as data (docs/programmes.md): population groups with targets and completion rules, the
 * curriculum, localities with effective dates and the population denominators; and the pure rules
 * that turn a learner's statements and placements into progress and dashboards.
 */
package vn.hocba.programme;
