/**
 * The xAPI resources (Communication 2), one class per resource, with the request filter for
 * authentication and versioning and the one place that maps failures to HTTP statuses.
 */
package vn.hocba.lrs.xapi;
