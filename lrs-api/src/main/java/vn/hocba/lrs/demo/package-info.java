/**
 * The demo: a deterministic synthetic run of a programme (learners, a roster, several weeks of xAPI
 * statements) loaded through the public xAPI and roster endpoints, so that a fresh clone shows a
 * living dashboard. It reads the programme file itself and shares no code with the projections.
 */
package vn.hocba.lrs.demo;
