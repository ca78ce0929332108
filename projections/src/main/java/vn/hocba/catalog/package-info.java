/** What statements taught about agents and activities, for the Agents and Activities Resources. */
package vn.hocba.catalog;
