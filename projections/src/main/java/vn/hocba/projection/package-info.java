/** What every projection shares: how batched read-model writes reach the store before tokens. */
package vn.hocba.projection;
