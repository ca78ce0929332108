/** What every HTTP surface shares: the one place where failures become statuses and JSON. */
package vn.hocba.lrs.web;
