/** HTTP Basic credentials of learning platforms and analysts, their scopes and authority. */
package vn.hocba.lrs.security;
