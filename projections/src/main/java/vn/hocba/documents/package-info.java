/** Documents of the State, Activity Profile and Agent Profile Resources, with their history. */
package vn.hocba.documents;
