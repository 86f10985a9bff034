//! Where outbound requests may go. An HTTP-based connector never reaches loopback, private,
//! link-local, multicast or cloud-metadata addresses, unless an administrator allows that range
//! on that connection. The address checked is the one connected to, after DNS resolution and on
//! every redirect, so it is an [`IpAddr`] here; [`literal_ip`] reads a host written as an
//! address in any of the spellings a resolver accepts (`2130706433`, `0177.0.0.1`, `127.1`).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::values::InvalidValue;

/// Why an address is not reached by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    Loopback,
    Private,
    LinkLocal,
    Multicast,
    /// A cloud provider's instance metadata service (credentials live there).
    Metadata,
    /// `0.0.0.0`, `::`, broadcast, and other addresses that name no remote host.
    Unroutable,
}

impl Blocked {
    pub fn describe(self) -> &'static str {
        match self {
            Blocked::Loopback => "a loopback address (this machine)",
            Blocked::Private => "a private network address",
            Blocked::LinkLocal => "a link-local address",
            Blocked::Multicast => "a multicast address",
            Blocked::Metadata => "a cloud metadata address",
            Blocked::Unroutable => "an address that names no remote host",
        }
    }
}

/// Why `ip` may not be reached by default; `None` for a public address.
pub fn blocked(ip: IpAddr) -> Option<Blocked> {
    match ip {
        IpAddr::V4(v4) => blocked_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            // ::ffff:127.0.0.1 reaches 127.0.0.1.
            Some(v4) => blocked_v4(v4),
            None => blocked_v6(v6),
        },
    }
}

fn blocked_v4(ip: Ipv4Addr) -> Option<Blocked> {
    let [a, b, c, d] = ip.octets();
    if (a, b, c, d) == (169, 254, 169, 254) || (a, b, c, d) == (100, 100, 100, 200) {
        // AWS, GCP, Azure, OpenStack; Alibaba Cloud.
        return Some(Blocked::Metadata);
    }
    if ip.is_loopback() {
        Some(Blocked::Loopback)
    } else if ip.is_private()
        || (a == 100 && (64..128).contains(&b))
        || (a, b) == (198, 18)
        || (a, b) == (198, 19)
    {
        // RFC 1918, carrier-grade NAT (100.64/10), benchmarking (198.18/15).
        Some(Blocked::Private)
    } else if ip.is_link_local() {
        Some(Blocked::LinkLocal)
    } else if ip.is_multicast() {
        Some(Blocked::Multicast)
    } else if a == 0 || a >= 240 || ip.is_broadcast() {
        Some(Blocked::Unroutable)
    } else {
        None
    }
}

fn blocked_v6(ip: Ipv6Addr) -> Option<Blocked> {
    let segments = ip.segments();
    if segments == [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254] {
        // AWS's IPv6 metadata endpoint.
        return Some(Blocked::Metadata);
    }
    if ip.is_loopback() {
        Some(Blocked::Loopback)
    } else if ip.is_unspecified() {
        Some(Blocked::Unroutable)
    } else if segments[0] & 0xfe00 == 0xfc00 {
        // Unique local addresses, fc00::/7.
        Some(Blocked::Private)
    } else if segments[0] & 0xffc0 == 0xfe80 {
        Some(Blocked::LinkLocal)
    } else if ip.is_multicast() {
        Some(Blocked::Multicast)
    } else if let Some(v4) = ip.to_ipv4() {
        // The deprecated IPv4-compatible form (::127.0.0.1) and NAT64 reach IPv4 hosts.
        blocked_v4(v4)
    } else if segments[0] == 0x64 && segments[1] == 0xff9b {
        let [.., high, low] = segments;
        blocked_v4(Ipv4Addr::from((u32::from(high) << 16) | u32::from(low)))
    } else {
        None
    }
}

/// The address a host written as one names, in every spelling `inet_aton` accepts (which
/// resolvers and HTTP clients honour): dotted decimal, a single number (`2130706433`), octal
/// (`0177.0.0.1`) and hexadecimal (`0x7f.0.0.1`) parts, and fewer than four parts (`127.1`);
/// and IPv6 in brackets or not. `None` for a name to be resolved.
pub fn literal_ip(host: &str) -> Option<IpAddr> {
    let host = host.trim_end_matches('.');
    let unbracketed = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(v6) = unbracketed.parse::<Ipv6Addr>() {
        return Some(IpAddr::V6(v6));
    }
    let parts: Vec<u64> = host.split('.').map(number).collect::<Option<Vec<u64>>>()?;
    let value = match parts.as_slice() {
        [a] => *a,
        [a, b] if *a < 256 && *b < 1 << 24 => a << 24 | b,
        [a, b, c] if *a < 256 && *b < 256 && *c < 1 << 16 => a << 24 | b << 16 | c,
        [a, b, c, d] if [a, b, c, d].iter().all(|part| **part < 256) => {
            a << 24 | b << 16 | c << 8 | d
        }
        _ => return None,
    };
    u32::try_from(value)
        .ok()
        .map(|v| IpAddr::V4(Ipv4Addr::from(v)))
}

/// One part of an IPv4 address: decimal, octal (leading 0) or hexadecimal (0x).
fn number(part: &str) -> Option<u64> {
    if part.is_empty() || part.len() > 20 {
        return None;
    }
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        return (radix == 16).then_some(0);
    }
    u64::from_str_radix(digits, radix).ok()
}

/// A range of addresses an administrator allows on a connection (`10.20.0.0/16`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let invalid = || {
            InvalidValue::new(format!(
                "'{raw}' is not an address range: write it as 10.20.0.0/16 or fd00::/8"
            ))
        };
        let (address, prefix) = raw.trim().split_once('/').ok_or_else(invalid)?;
        let network: IpAddr = address.parse().map_err(|_| invalid())?;
        let prefix: u8 = prefix.parse().map_err(|_| invalid())?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        if prefix > bits {
            return Err(invalid());
        }
        Ok(Cidr { network, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(network), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// Whether a connection may connect to `ip`: a public address, or one in a range its
/// administrator allowed. The refusal says why, in words.
pub fn check(ip: IpAddr, allowed: &[Cidr]) -> Result<(), String> {
    match blocked(ip) {
        Some(reason) if !allowed.iter().any(|range| range.contains(ip)) => Err(format!(
            "{ip} is {}; a connection reaches it only if an administrator allows its range on that connection",
            reason.describe()
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        literal_ip(text).unwrap_or_else(|| panic!("{text} is an address"))
    }

    #[test]
    fn every_spelling_of_a_forbidden_address_is_caught() {
        for (spelling, reason) in [
            ("127.0.0.1", Blocked::Loopback),
            ("::1", Blocked::Loopback),
            ("[::1]", Blocked::Loopback),
            ("169.254.169.254", Blocked::Metadata),
            ("fd00:ec2::254", Blocked::Metadata),
            ("100.100.100.200", Blocked::Metadata),
            ("10.1.2.3", Blocked::Private),
            ("172.16.0.9", Blocked::Private),
            ("192.168.1.1", Blocked::Private),
            ("100.64.0.1", Blocked::Private),
            ("fd12:3456::1", Blocked::Private),
            ("169.254.0.7", Blocked::LinkLocal),
            ("fe80::1", Blocked::LinkLocal),
            ("224.0.0.1", Blocked::Multicast),
            ("ff02::1", Blocked::Multicast),
            ("0.0.0.0", Blocked::Unroutable),
            ("::", Blocked::Unroutable),
            ("255.255.255.255", Blocked::Unroutable),
            // Decimal, octal, hexadecimal and short spellings of 127.0.0.1 and 10.0.0.1.
            ("2130706433", Blocked::Loopback),
            ("0177.0.0.1", Blocked::Loopback),
            ("0x7f.0.0.1", Blocked::Loopback),
            ("0x7f000001", Blocked::Loopback),
            ("127.1", Blocked::Loopback),
            ("017700000001", Blocked::Loopback),
            ("10.1", Blocked::Private),
            ("127.0.0.1.", Blocked::Loopback),
            // IPv6 forms that reach IPv4 hosts.
            ("::ffff:127.0.0.1", Blocked::Loopback),
            ("::ffff:169.254.169.254", Blocked::Metadata),
            ("::127.0.0.1", Blocked::Loopback),
            ("64:ff9b::a00:1", Blocked::Private),
        ] {
            assert_eq!(blocked(ip(spelling)), Some(reason), "{spelling}");
            assert!(check(ip(spelling), &[]).is_err(), "{spelling}");
        }
    }

    #[test]
    fn public_addresses_and_names_pass() {
        for public in [
            "93.184.215.14",
            "8.8.8.8",
            "2606:4700::6810:85e5",
            "1.1.1.1",
        ] {
            assert_eq!(blocked(ip(public)), None, "{public}");
            assert_eq!(check(ip(public), &[]), Ok(()));
        }
        for name in [
            "example.com",
            "api.openai.com",
            "localhost",
            "1.2.3.4.5",
            "08.1.1.1",
            "",
        ] {
            assert_eq!(literal_ip(name), None, "{name}");
        }
    }

    #[test]
    fn an_allowed_range_opens_exactly_that_range() {
        let allowed = [
            Cidr::parse("10.20.0.0/16").unwrap(),
            Cidr::parse("fd00::/8").unwrap(),
        ];
        assert_eq!(check(ip("10.20.3.4"), &allowed), Ok(()));
        assert_eq!(check(ip("::ffff:10.20.3.4"), &allowed), Ok(()));
        assert_eq!(check(ip("fd12::1"), &allowed), Ok(()));
        let refused = check(ip("10.21.0.1"), &allowed).unwrap_err();
        assert_eq!(
            refused,
            "10.21.0.1 is a private network address; a connection reaches it only if an administrator allows its range on that connection"
        );
        assert!(check(ip("127.0.0.1"), &allowed).is_err());
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "fd00::/129",
            "example.com/8",
            "10.0.0.0/x",
        ] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Cidr::parse("0.0.0.0/0").unwrap().to_string(), "0.0.0.0/0");
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("127.0.0.1")));
    }
}
