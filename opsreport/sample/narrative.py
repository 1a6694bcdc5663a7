"""The June 2018 highlights, from the seed paper with its OCR slips mended (docs/sample-data.md)."""

CHANGE_AND_RELEASE = """\
The SEC Section D Review modifications, SECMP0049, SECMP0050 and SECMP0051, have completed the Refinement Process and their Modification Reports will be presented to the Panel this month. Along with SECMP0034 and SECMP0041, there is the potential for five modifications that impact Section D to be implemented on 1st November 2018. SECAS are now working on the changes to the modifications process that these modifications would deliver (if approved), and as part of this are seeking feedback from the industry on how we can further improve our services.

SECAS currently has 26 modifications undergoing the Refinement Process. We are working to complete those that are near the end of the process, with the Modification Reports for 12 of these expected to be delivered to the Panel over the next three meetings.

One new version of the SEC has been implemented since the last Panel meeting. SEC Version 5.19 went live on 25th June 2018 to implement Version 2.0 of the SEC Variation Testing Approach Document (SVTAD) as directed by BEIS.

We are working on the November 2018 SEC Release, which will go live on 1st November 2018 as a document-only release (no impact on DCC Systems). This will be the first enduring SEC Release to be implemented under the current Release Management Policy. Four modifications have now been approved for inclusion, with a further eight targeted. Alongside this, SECAS continues to work with DCC in preparing for the June 2019 and November 2019 SEC Releases."""

TECHNICAL_SUPPORT = """\
Following TABASC approval, SECAS has been continuing to prepare the final amended version of the Business Architecture Document (BAD) for publication. Equally, following the TABASC approval of the associated Business Architecture Model (BAM) changes for Release 2.0, SECAS has been undertaking final changes (including minor housekeeping changes) in preparation for its publication in advance of Release 2.0 going live.

The Technical Architecture Document (for Release 2.0) has now been finalised and published on the SEC Website.

SECAS has reviewed and obtained TABASC approval to a number of amendments to the Effectiveness Review Questionnaire in advance of it being re-issued in September. We have also reviewed the initial responses to the questionnaire and have obtained agreement from the TABASC that action on the responses should be paused until the questionnaire is repeated. This is to ensure that the issues identified are still present and to get a better indication of how wide spread they are.

SECAS has been preparing guidance on the Certified Products List (CPL) and how new and different versions of the Technical Specifications and Great Britain Companion Specification (GBCS) interact with it. This guidance is also seeking to clarify the recent situation with GBCS v1.1 along with future scenarios and situations.

SECAS have been continuing to facilitate and support the Testing Advisory Group (TAG) reviews of the testing documentation associated with Release 2.0 and SMETS1 Services, including discussing the DCC’s proposed Release 2.0 Transition to Operations Approach Document (TTOAD).

SECAS have supported the TAG and Operations Group with its considerations of the first DCC Release 2.0 Incentives Scheme Milestone (1A and 1B) enabling views and recommendations to be provided to the Panel to support its associated determinations.

SECAS continues to investigate the cause of industry and DCC Data Quality issues impacting installations, as well as potential impacts to Enrolment and Adoption of SMETS1 smart metering systems (as recently highlighted at the Ops Group). To this end SECAS have asked Parties to provide example MPANs to investigate and DCC has also advised it is undertaking another full Data Refresh of RDP data."""

SECURITY_AND_PRIVACY = """\
SECAS facilitated the election of SSC members for the next 24-months, and in July, two Large Supplier seats, a Small Supplier seat and a Gas Network seat were filled. SECAS is now seeking to fill the remaining vacant Electricity Networks seat.

Similarly, for SMKI PMA, SECAS issued a call for nominations and in June filled a Large Supplier seat. SECAS now seeks to fill the vacant Small Supplier seat, and unrenewed Gas Networks seat.

On the 19th June 2018, SECAS held the first SEC Privacy Provision forum to facilitate the development of the Privacy Controls Framework and discussion between industry and DCC around use of personal data within the ecosystem and testing activity. The event was well attended by industry participants with expertise in privacy and data protection."""

PARTY_SUPPORT = """\
SECAS responded to follow up queries after the Spotlight on the SEC on 30th May 2018.

The Party Support team started preparation for the SEC Panel Engagement Day on 12th July 2018, including seeking input from Parties on desired topics and putting together a two-stream workshop programme for the afternoon session.

Work around Events of Default continued. This included following up an ongoing and subsequent further Event of Default by a Party, (this is the subject of a separate confidential paper) updating Panel and the Authority.

We also began preparations for a Panel workshop to discuss principles for Panel decision making for future Events of Default, examining given scenarios and desired outcomes. This workshop will also be taking place on 12th July 2018.

SECAS continued to support Parties with general queries as well as welcome emails and telephone contacts to newly acceded parties. There were six new Parties in June - three Small Suppliers and three Other SEC Parties."""
