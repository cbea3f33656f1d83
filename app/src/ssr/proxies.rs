//! Which reverse proxies' `X-Forwarded-For` is believed (`KAKEHASHI_TRUSTED_PROXIES`), and
//! so which address a request came from: what the per-address login limit and the audit log
//! count. Without the setting, or for a request from anywhere else, it is the connection's
//! own peer, whatever the header says (anyone can write one).

use std::net::IpAddr;
use std::str::FromStr;

/// A network: an address and how many leading bits of it are fixed (`10.0.0.0/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    bits: u8,
}

impl FromStr for Cidr {
    type Err = String;

    /// `ADDRESS/BITS`, or a single `ADDRESS`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{text:?} is not a network such as 10.0.0.0/8, fd00::/8 or 127.0.0.1");
        let (addr, bits) = match text.split_once('/') {
            Some((addr, bits)) => (addr, Some(bits)),
            None => (text, None),
        };
        let net: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            None => max,
            Some(b) => b
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(bad)?,
        };
        Ok(Cidr { net, bits })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.bits)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.bits))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The trusted proxies' networks; empty (the default) trusts none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// Networks separated by commas or spaces (`10.0.0.0/8, 127.0.0.1`).
    pub fn parse(text: &str) -> Result<Self, String> {
        text.split([',', ' '])
            .filter(|t| !t.trim().is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Cidr>, String>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The address a request from `peer` came from. When `peer` is a trusted proxy, the
    /// `X-Forwarded-For` list is read from the right (each proxy appends the address it was
    /// reached from): the first address that is not a trusted proxy is the client. A value
    /// that is not an address ends the walk at the proxy that passed it on.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        let peer = peer.to_canonical();
        let Some(list) = forwarded_for.filter(|_| self.trusts(peer)) else {
            return peer;
        };
        let mut client = peer;
        for hop in list.rsplit(',') {
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = ip.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn networks_hold_their_addresses() {
        let ten: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(ten.contains(ip("10.200.3.4")) && !ten.contains(ip("11.0.0.1")));
        assert!(ten.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6");
        let one: Cidr = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("::1")));
        let six: Cidr = "fd00::/8".parse().unwrap();
        assert!(six.contains(ip("fd12::1")) && !six.contains(ip("fe80::1")));
        for bad in ["10.0.0.0/33", "::/129", "proxy", "10.0.0/8", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("10.0.0.2"), Some("198.51.100.7")),
            ip("10.0.0.2")
        );
        let proxies = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        // Through one trusted proxy.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), Some("198.51.100.7")),
            ip("198.51.100.7")
        );
        // A visitor's own header is not believed: the address the proxy saw is.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), Some("1.2.3.4, 198.51.100.7")),
            ip("198.51.100.7")
        );
        // Through two trusted proxies.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), Some("198.51.100.7, 10.0.0.3")),
            ip("198.51.100.7")
        );
        // Not from a proxy: the header is ignored.
        assert_eq!(
            proxies.client(ip("203.0.113.9"), Some("10.0.0.9")),
            ip("203.0.113.9")
        );
        // Garbage ends the walk at the proxy that passed it on.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), Some("not-an-ip")),
            ip("10.0.0.2")
        );
        assert_eq!(proxies.client(ip("10.0.0.2"), None), ip("10.0.0.2"));
        assert!(TrustedProxies::parse("10.0.0.0/8, nonsense").is_err());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
    }
}
