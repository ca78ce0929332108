/** The strict JSON reader every client byte passes through before validation. */
package vn.hocba.xapi.json;
