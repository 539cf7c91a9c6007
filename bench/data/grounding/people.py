"""Eight Kenyan job seekers, the job each applies for, and how each writes about themselves.

`profile` is the master profile (JSON Resume). `say` holds the ways the person rephrases
their own facts in a CV or letter: short employer names, acronyms, abbreviated degrees,
Kiswahili language names, rounded figures. `fakes` are the invented claims planted in
copies of the faithful documents, each with its class and the false part.

A fake is (class, format, operation, false part). Operations:
  ("hl", job_index, text)      a highlight bullet added under that job
  ("sum", text)                a sentence added to the summary or the letter body
  ("sub", old, new)            text of the faithful document replaced
  ("list", section, item)      an item added to the skills/languages/certificates list
"""

from typing import Any

P: list[dict[str, Any]] = []

P.append(
    {
        "id": "wanjiru-software",
        "profile": {
            "basics": {
                "name": "Wanjiru Kamau",
                "label": "Backend Developer",
                "email": "wanjiru.kamau@example.com",
                "phone": "+254 712 345 678",
                "summary": "Backend developer who builds payment APIs in Python and Go.",
                "location": {"city": "Nairobi", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Cellulant Kenya Limited",
                    "position": "Software Engineer",
                    "startDate": "2021-03",
                    "highlights": [
                        "Built a settlement service in Go that processes 2.3 million "
                        "transactions a month",
                        "Moved 14 services to Kubernetes on AWS",
                        "Mentored 3 junior developers",
                    ],
                },
                {
                    "name": "Andela",
                    "position": "Junior Software Developer",
                    "startDate": "2019-01",
                    "endDate": "2021-02",
                    "highlights": [
                        "Wrote REST APIs in Django and PostgreSQL for client projects",
                        "Reduced API response time by 40%",
                    ],
                },
            ],
            "education": [
                {
                    "institution": "Jomo Kenyatta University of Agriculture and Technology",
                    "area": "Computer Science",
                    "studyType": "Bachelor of Science",
                    "startDate": "2014",
                    "endDate": "2018",
                    "score": "Second Class Honours, Upper Division",
                }
            ],
            "skills": [
                {"name": "Python", "keywords": ["Django", "FastAPI"]},
                {"name": "Go"},
                {"name": "Kubernetes"},
                {"name": "PostgreSQL"},
                {"name": "Continuous integration"},
            ],
            "certificates": [
                {
                    "name": "AWS Certified Cloud Practitioner",
                    "issuer": "Amazon Web Services",
                    "date": "2022-06",
                }
            ],
            "languages": [
                {"language": "English", "fluency": "Fluent"},
                {"language": "Swahili", "fluency": "Native"},
            ],
        },
        "job": {
            "title": "Senior Backend Engineer",
            "company": "Safaricom PLC",
            "location": "Nairobi",
            "skills": ["Python", "Kubernetes", "Kafka", "Java"],
            "requirements": ["5 years of backend experience", "AWS Certified Solutions Architect"],
        },
        "say": {
            "department": "the M-PESA Technology division",
            "jobs": [
                ("Software Engineer", "Cellulant", "Mar 2021", "Present"),
                ("Jr. Software Developer", "Andela", "Jan 2019", "Feb 2021"),
            ],
            "highlights": [
                [
                    "Built a Go settlement service handling over 2 million transactions monthly",
                    "Migrated 14 services to k8s on AWS",
                    "Mentored three junior developers",
                ],
                ["Built REST APIs with Django & Postgres", "Cut API response times by 40%"],
            ],
            "education": ("BSc. Computer Science", "JKUAT", "2014", "2018", "Second Class Upper"),
            "certs": ["AWS Certified Cloud Practitioner (2022)"],
            "skills": ["Python (Django, FastAPI)", "Golang", "K8s", "Postgres", "CI"],
            "languages": ["English (fluent)", "Kiswahili (native)"],
            "summary": "Backend engineer with 5+ years building payment APIs in Python and Go.",
            "letter_claim": "At Cellulant I built a settlement service in Go that now handles "
            "over 2 million transactions a month, and I moved 14 services to Kubernetes.",
            "letter_claim_sw": "Katika Cellulant nilijenga huduma ya malipo kwa Go "
            "inayoshughulikia miamala zaidi ya milioni 2 kila mwezi.",
        },
        "fakes": [
            ("employer", "md", ("hl", 0, "Previously consulted for [Microsoft] on Azure billing")),
            ("title", "md", ("sub", "### Software Engineer", "### Lead Software Architect")),
            ("date", "txt", ("sub", "Jan 2019", "Jan 2014")),
            ("duration", "letter", ("sum", "I bring [9 years] of backend experience.")),
            ("degree", "md", ("sub", "BSc. Computer Science", "MSc. Computer Science")),
            ("institution", "txt", ("sub", "JKUAT", "University of Nairobi")),
            (
                "certification",
                "md",
                (
                    "sub",
                    "AWS Certified Cloud Practitioner (2022)",
                    "AWS Certified Solutions Architect (2022)",
                ),
            ),
            ("skill", "letter", ("sum", "I have also run [Kafka] clusters in production.")),
            ("language", "md", ("list", "languages", "[French] (conversational)")),
            ("award", "md", ("hl", 0, "Won the [Cellulant Innovation Award] 2022")),
            ("metric", "md", ("sub", "over 2 million", "over 5 million")),
            ("metric", "txt", ("sub", "by 40%", "by 65%")),
            ("job_title", "md", ("sub", "### Software Engineer", "### Senior Backend Engineer")),
            ("skill", "json", ("list", "skills", "Java")),
            ("date", "json", ("sub", "2021-03", "2020-03")),
        ],
    }
)

P.append(
    {
        "id": "otieno-accounting",
        "profile": {
            "basics": {
                "name": "Kevin Otieno Ouma",
                "label": "Accountant",
                "email": "kotieno@example.com",
                "phone": "0722 111 222",
                "summary": "Accountant with strong reconciliation and tax compliance skills.",
                "location": {"city": "Kisumu", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Kenya Commercial Bank",
                    "position": "Finance Officer",
                    "startDate": "2020-07",
                    "highlights": [
                        "Prepared monthly bank reconciliation for 23 branch accounts",
                        "Filed VAT and PAYE returns on iTax with no penalties",
                        "Received the Branch Employee of the Year award in 2022",
                    ],
                },
                {
                    "name": "Deloitte East Africa",
                    "position": "Audit Associate",
                    "startDate": "2018-01",
                    "endDate": "2020-06",
                    "highlights": ["Audited clients with turnover up to KES 1.2 billion"],
                },
            ],
            "education": [
                {
                    "institution": "Maseno University",
                    "area": "Accounting",
                    "studyType": "Bachelor of Commerce",
                    "endDate": "2017",
                },
                {
                    "institution": "Kisumu Boys High School",
                    "studyType": "KCSE",
                    "score": "B+",
                    "endDate": "2012",
                },
            ],
            "skills": [
                {"name": "Financial reporting"},
                {"name": "Reconciliation"},
                {"name": "Tax compliance"},
                {"name": "QuickBooks"},
                {"name": "Microsoft Excel"},
                {"name": "Sage Pastel"},
            ],
            "certificates": [
                {
                    "name": "Certified Public Accountant, CPA (K)",
                    "issuer": "KASNEB",
                    "date": "2019",
                },
            ],
            "languages": [
                {"language": "English"},
                {"language": "Swahili"},
                {"language": "Dholuo"},
            ],
        },
        "job": {
            "title": "Senior Accountant",
            "company": "KCB Group",
            "location": "Nairobi",
            "skills": ["IFRS", "Financial reporting", "SAP"],
            "requirements": ["CPA (K)", "Member of ICPAK"],
        },
        "say": {
            "department": "KCB Group Finance",
            "jobs": [
                ("Finance Officer", "KCB Bank", "July 2020", "to date"),
                ("Audit Associate", "Deloitte", "January 2018", "June 2020"),
            ],
            "highlights": [
                [
                    "Prepared monthly bank reconciliations for 23 branch accounts",
                    "Filed VAT & PAYE returns on iTax, no penalties",
                    "Branch Employee of the Year (2022)",
                ],
                ["Audited clients with turnover of over KES 1 billion"],
            ],
            "education": ("B.Com (Accounting)", "Maseno University", "", "2017", ""),
            "certs": ["CPA (K) - KASNEB, 2019"],
            "skills": [
                "Financial Reporting",
                "Bank reconciliations",
                "Tax Compliance",
                "QuickBooks",
                "MS Excel",
                "Sage Pastel",
            ],
            "languages": ["English", "Kiswahili", "Dholuo"],
            "summary": "CPA (K) with over 8 years in audit, reconciliation and tax compliance.",
            "letter_claim": "At KCB Bank I prepare reconciliations for 23 branch accounts and "
            "file VAT and PAYE returns without penalties.",
            "letter_claim_sw": "Katika KCB Bank ninaandaa upatanisho wa akaunti 23 za matawi na "
            "kuwasilisha VAT na PAYE bila adhabu.",
        },
        "fakes": [
            ("employer", "txt", ("sub", "Deloitte", "PwC Kenya")),
            (
                "title",
                "letter",
                ("sum", "As [Finance Manager] at KCB Bank I led the month-end close."),
            ),
            ("date", "md", ("sub", "July 2020", "July 2016")),
            ("duration", "md", ("sub", "over 8 years", "over 12 years")),
            ("degree", "letter", ("sum", "I also hold an [MBA in Finance].")),
            ("institution", "md", ("sub", "Maseno University", "Strathmore University")),
            ("certification", "md", ("list", "certs", "ACCA (UK), 2021")),
            ("licence", "txt", ("hl", 0, "Holds a current [ICPAK practising certificate]")),
            ("skill", "md", ("list", "skills", "SAP FICO")),
            ("language", "letter", ("sum", "I am also fluent in [French].")),
            ("award", "txt", ("hl", 1, "Named [Deloitte Audit Associate of the Year] 2019")),
            ("metric", "md", ("sub", "for 23 branch", "for 32 branch")),
            ("metric", "letter", ("sub", "23 branch accounts", "45 branch accounts")),
            ("job_title", "txt", ("sub", "Finance Officer", "Senior Accountant")),
            ("certification", "json", ("list", "certificates", "CIFA (K)")),
        ],
    }
)

P.append(
    {
        "id": "chebet-nursing",
        "profile": {
            "basics": {
                "name": "Faith Chebet",
                "label": "Registered Nurse",
                "email": "faith.chebet@example.com",
                "phone": "+254 733 555 010",
                "summary": "Registered nurse experienced in maternal and newborn care.",
                "location": {"city": "Eldoret", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Moi Teaching and Referral Hospital",
                    "position": "Nursing Officer",
                    "startDate": "2019-05",
                    "highlights": [
                        "Cared for up to 30 mothers a shift in the maternity ward",
                        "Trained 12 student nurses in infection prevention and control",
                        "Ran triage in the outpatient department",
                    ],
                },
                {
                    "name": "AMPATH Kenya",
                    "position": "HIV Care Nurse",
                    "startDate": "2017-02",
                    "endDate": "2019-04",
                    "highlights": ["Counselled clients on antiretroviral therapy adherence"],
                },
            ],
            "education": [
                {
                    "institution": "Kenya Medical Training College",
                    "area": "Kenya Registered Community Health Nursing",
                    "studyType": "Diploma",
                    "startDate": "2013",
                    "endDate": "2016",
                }
            ],
            "skills": [
                {"name": "Maternal and newborn care"},
                {"name": "Infection prevention and control"},
                {"name": "Triage"},
                {"name": "Basic Life Support"},
                {"name": "Patient counselling"},
            ],
            "certificates": [
                {
                    "name": "Registered Nurse licence",
                    "issuer": "Nursing Council of Kenya",
                    "date": "2016",
                },
                {"name": "Basic Life Support", "issuer": "Kenya Red Cross", "date": "2021"},
            ],
            "languages": [
                {"language": "English"},
                {"language": "Swahili"},
                {"language": "Kalenjin"},
            ],
        },
        "job": {
            "title": "Critical Care Nurse",
            "company": "Aga Khan University Hospital",
            "location": "Nairobi",
            "skills": ["ICU nursing", "Advanced Cardiac Life Support", "Triage"],
            "requirements": ["Registered with the Nursing Council of Kenya", "ACLS"],
        },
        "say": {
            "department": "the Critical Care Unit",
            "jobs": [
                ("Nursing Officer", "MTRH, Eldoret", "May 2019", "Present"),
                ("HIV Care Nurse", "AMPATH", "Feb 2017", "Apr 2019"),
            ],
            "highlights": [
                [
                    "Nursed up to 30 mothers per shift on the maternity ward",
                    "Trained twelve student nurses in IPC",
                    "Triage in the OPD",
                ],
                ["Counselled clients on ART adherence"],
            ],
            "education": ("Dip. KRCHN", "KMTC", "2013", "2016", ""),
            "certs": ["RN licence - NCK (2016)", "BLS - Kenya Red Cross (2021)"],
            "skills": ["Maternal & newborn care", "IPC", "Triage", "BLS", "Patient counseling"],
            "languages": ["English", "Kiswahili", "Kalenjin"],
            "summary": "Registered nurse (NCK) with over 7 years in maternal & newborn care.",
            "letter_claim": "At MTRH I care for up to 30 mothers a shift and have trained "
            "twelve student nurses in infection prevention.",
            "letter_claim_sw": "Katika MTRH ninahudumia hadi akina mama 30 kwa zamu moja na "
            "nimefundisha wanafunzi 12 wa uuguzi.",
        },
        "fakes": [
            ("employer", "letter", ("sum", "I also did locum shifts at [Nairobi Hospital].")),
            ("title", "md", ("sub", "### Nursing Officer", "### Senior Nursing Officer")),
            ("date", "md", ("sub", "Feb 2017", "Feb 2013")),
            ("duration", "letter", ("sum", "I have [13 years] of nursing experience.")),
            ("degree", "md", ("sub", "Dip. KRCHN", "BScN")),
            ("institution", "txt", ("sub", "KMTC", "Moi University")),
            ("certification", "md", ("list", "certs", "ACLS - American Heart Association (2023)")),
            ("licence", "letter", ("sum", "I hold a current [midwifery licence] from the NCK.")),
            ("skill", "txt", ("list", "skills", "ICU nursing")),
            ("language", "txt", ("list", "languages", "Kikuyu")),
            ("award", "md", ("hl", 0, "Awarded [Nurse of the Year] 2022 by MTRH")),
            ("metric", "md", ("sub", "up to 30 mothers", "up to 60 mothers")),
            ("metric", "txt", ("sub", "twelve student", "forty student")),
            ("job_title", "md", ("sub", "### Nursing Officer", "### Critical Care Nurse")),
            ("employer", "json", ("work_name", 1, "Kenyatta National Hospital")),
        ],
    }
)

P.append(
    {
        "id": "mwangi-sales",
        "profile": {
            "basics": {
                "name": "Peter Mwangi Njoroge",
                "label": "Sales Representative",
                "email": "peter.njoroge@example.com",
                "phone": "0711 000 999",
                "summary": "Field sales representative for fast-moving consumer goods.",
                "location": {"city": "Nakuru", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Bidco Africa",
                    "position": "Sales Representative",
                    "startDate": "2020-02",
                    "highlights": [
                        "Grew route sales by 35% in Nakuru County",
                        "Managed 180 retail outlets",
                        "Recorded orders on Salesforce",
                    ],
                },
                {
                    "name": "Equity Bank",
                    "position": "Sales Agent",
                    "startDate": "2018-06",
                    "endDate": "2020-01",
                    "highlights": ["Opened 1,150 new accounts in eighteen months"],
                },
            ],
            "education": [
                {
                    "institution": "Kenya Institute of Management",
                    "area": "Sales and Marketing",
                    "studyType": "Diploma",
                    "endDate": "2017",
                }
            ],
            "skills": [
                {"name": "Route planning"},
                {"name": "Customer relationship management"},
                {"name": "Salesforce"},
                {"name": "Negotiation"},
                {"name": "Merchandising"},
            ],
            "certificates": [{"name": "Driving licence class B", "issuer": "NTSA", "date": "2016"}],
            "languages": [{"language": "English"}, {"language": "Swahili"}, {"language": "Kikuyu"}],
        },
        "job": {
            "title": "Key Account Manager",
            "company": "East African Breweries Limited",
            "location": "Nairobi",
            "skills": ["Key account management", "SAP", "Trade marketing"],
            "requirements": ["Degree in Marketing", "valid driving licence"],
        },
        "say": {
            "department": "EABL's Kenya Breweries sales team",
            "jobs": [
                ("Sales Rep", "Bidco", "Feb 2020", "Current"),
                ("Sales Agent", "Equity Bank", "June 2018", "Jan 2020"),
            ],
            "highlights": [
                [
                    "Grew route sales by 35 per cent in Nakuru County",
                    "Handled 180+ retail outlets",
                    "Captured orders in Salesforce CRM",
                ],
                ["Opened more than 1,100 new accounts in 18 months"],
            ],
            "education": ("Dip. Sales & Marketing", "KIM", "", "2017", ""),
            "certs": ["Driving Licence Class B (NTSA)"],
            "skills": [
                "Route planning",
                "CRM",
                "Salesforce",
                "Negotiation skills",
                "Merchandising",
            ],
            "languages": ["English", "Kiswahili", "Gikuyu"],
            "summary": "Sales rep with over 6 years selling FMCG and banking products.",
            "letter_claim": "At Bidco I grew route sales by 35% across 180 outlets in Nakuru.",
            "letter_claim_sw": "Katika Bidco niliongeza mauzo kwa asilimia 35 katika maduka 180 "
            "ya Nakuru.",
        },
        "fakes": [
            (
                "employer",
                "md",
                ("hl", 1, "Later moved to [Coca-Cola Beverages Africa] as a merchandiser"),
            ),
            ("title", "txt", ("sub", "Sales Agent", "Branch Sales Manager")),
            ("date", "letter", ("sum", "I joined Bidco in [2015].")),
            ("duration", "md", ("sub", "over 6 years", "over 11 years")),
            ("degree", "txt", ("sub", "Dip. Sales & Marketing", "BCom Marketing")),
            ("institution", "md", ("sub", "KIM", "USIU-Africa")),
            (
                "certification",
                "letter",
                ("sum", "I am a certified member of the [Chartered Institute of Marketing]."),
            ),
            ("licence", "md", ("list", "certs", "PSV Licence (NTSA)")),
            ("skill", "md", ("list", "skills", "SAP")),
            ("language", "letter", ("sum", "I also speak fluent [Luganda].")),
            ("award", "letter", ("sum", "Bidco named me [Top Sales Rep of the Year] in 2022.")),
            ("metric", "md", ("sub", "by 35 per cent", "by 70 per cent")),
            ("metric", "txt", ("sub", "180+", "400+")),
            ("job_title", "letter", ("sum", "I already work as a [Key Account Manager] at Bidco.")),
            ("metric", "json", ("sub", "more than 1,100", "more than 3,100")),
        ],
    }
)

P.append(
    {
        "id": "hassan-logistics",
        "profile": {
            "basics": {
                "name": "Hassan Abdi Mohamed",
                "label": "Logistics Coordinator",
                "email": "hassan.abdi@example.com",
                "phone": "+254 700 123 456",
                "summary": "Logistics coordinator for cross-border freight and warehousing.",
                "location": {"city": "Mombasa", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Bollore Transport and Logistics Kenya",
                    "position": "Logistics Coordinator",
                    "startDate": "2019-09",
                    "highlights": [
                        "Coordinated 120 containers a month through the Port of Mombasa",
                        "Cleared cargo on the KRA Simba system and iCMS",
                        "Cut truck turnaround time from 5 days to 3 days",
                    ],
                },
                {
                    "name": "Siginon Group",
                    "position": "Warehouse Supervisor",
                    "startDate": "2016-04",
                    "endDate": "2019-08",
                    "highlights": [
                        "Supervised a team of 25 warehouse staff",
                        "Ran stock counts in SAP",
                    ],
                },
            ],
            "education": [
                {
                    "institution": "Technical University of Mombasa",
                    "area": "Procurement and Logistics Management",
                    "studyType": "Bachelor of Science",
                    "endDate": "2015",
                }
            ],
            "skills": [
                {"name": "Customs clearance"},
                {"name": "Warehouse management"},
                {"name": "Fleet management"},
                {"name": "SAP"},
                {"name": "Inventory control"},
            ],
            "certificates": [
                {
                    "name": "East African Customs and Freight Forwarding Practising Certificate",
                    "issuer": "KIFWA",
                    "date": "2018",
                },
                {
                    "name": "Certified Procurement and Supply Professional of Kenya",
                    "issuer": "KISM",
                    "date": "2020",
                },
            ],
            "languages": [{"language": "English"}, {"language": "Swahili"}, {"language": "Somali"}],
        },
        "job": {
            "title": "Supply Chain Manager",
            "company": "Twiga Foods",
            "location": "Nairobi",
            "skills": ["Demand planning", "Oracle", "Fleet management"],
            "requirements": ["CIPS Level 6", "7 years in logistics"],
        },
        "say": {
            "department": "Twiga's Fulfilment and Distribution team",
            "jobs": [
                ("Logistics Co-ordinator", "Bollore Transport & Logistics", "Sept 2019", "Date"),
                ("Warehouse Supervisor", "Siginon", "April 2016", "August 2019"),
            ],
            "highlights": [
                [
                    "Coordinated 120 containers monthly through Mombasa port",
                    "Cleared cargo via KRA Simba & iCMS",
                    "Reduced truck turnaround from 5 to 3 days",
                ],
                ["Supervised 25 warehouse staff", "Stock counts on SAP"],
            ],
            "education": ("BSc Procurement & Logistics Mgt", "TUM", "", "2015", ""),
            "certs": ["EACFFPC (KIFWA), 2018", "CPSP-K (KISM), 2020"],
            "skills": [
                "Customs Clearance",
                "Warehouse Mgmt",
                "Fleet Management",
                "SAP",
                "Inventory Control",
            ],
            "languages": ["English", "Kiswahili", "Af-Soomaali"],
            "summary": "Logistics coordinator with 10 years in freight, customs and warehousing.",
            "letter_claim": "At Bollore I coordinate 120 containers a month through Mombasa and "
            "cut truck turnaround from five days to three.",
            "letter_claim_sw": "Katika Bollore ninaratibu makontena 120 kila mwezi kupitia "
            "bandari ya Mombasa.",
        },
        "fakes": [
            ("employer", "txt", ("hl", 1, "Seconded to [Maersk Kenya Ltd] as a planner")),
            ("title", "md", ("sub", "### Warehouse Supervisor", "### Warehouse Manager")),
            ("date", "txt", ("sub", "April 2016", "April 2012")),
            ("duration", "letter", ("sum", "I bring [15 years] of supply chain experience.")),
            (
                "degree",
                "md",
                ("sub", "BSc Procurement & Logistics Mgt", "MSc Supply Chain Management"),
            ),
            (
                "institution",
                "letter",
                ("sum", "I studied logistics at the [University of Nairobi]."),
            ),
            ("certification", "md", ("list", "certs", "[CIPS Level 6] Diploma")),
            ("licence", "txt", ("list", "certs", "[Clearing agent licence] (KRA), 2017")),
            ("skill", "md", ("list", "skills", "Oracle SCM")),
            ("language", "md", ("list", "languages", "Arabic")),
            ("award", "md", ("hl", 0, "Received the Bollore [Safety Excellence Award] 2021")),
            ("metric", "md", ("sub", "120 containers", "300 containers")),
            ("metric", "txt", ("sub", "Supervised 25", "Supervised 60")),
            ("job_title", "md", ("sub", "### Logistics Co-ordinator", "### Supply Chain Manager")),
            ("title", "json", ("work_position", 1, "Operations Manager")),
        ],
    }
)

P.append(
    {
        "id": "akinyi-mande",
        "profile": {
            "basics": {
                "name": "Grace Akinyi Odhiambo",
                "label": "Monitoring and Evaluation Officer",
                "email": "grace.akinyi@example.com",
                "phone": "0720 456 789",
                "summary": "M&E officer for community health and livelihoods programmes.",
                "location": {"city": "Kisumu", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "World Vision Kenya",
                    "position": "Monitoring and Evaluation Officer",
                    "startDate": "2020-01",
                    "highlights": [
                        "Designed data collection tools in KoboToolbox for 4 counties",
                        "Analysed survey data in Stata and SPSS",
                        "Trained 45 community health volunteers on data quality",
                    ],
                },
                {
                    "name": "Kenya Red Cross Society",
                    "position": "Research and Development Officer",
                    "startDate": "2017-03",
                    "endDate": "2019-12",
                    "highlights": ["Wrote 6 donor reports for USAID and ECHO projects"],
                },
            ],
            "education": [
                {
                    "institution": "University of Nairobi",
                    "area": "Project Planning and Management",
                    "studyType": "Master of Arts",
                    "endDate": "2019",
                },
                {
                    "institution": "Maseno University",
                    "area": "Statistics",
                    "studyType": "Bachelor of Science",
                    "endDate": "2016",
                },
            ],
            "skills": [
                {"name": "Monitoring and evaluation"},
                {"name": "KoboToolbox"},
                {"name": "Stata"},
                {"name": "SPSS"},
                {"name": "Data quality assessment"},
                {"name": "Report writing"},
            ],
            "certificates": [],
            "languages": [{"language": "English"}, {"language": "Swahili"}, {"language": "Luo"}],
        },
        "job": {
            "title": "MEAL Manager",
            "company": "Save the Children",
            "location": "Nairobi",
            "skills": ["Power BI", "DHIS2", "Results-based management"],
            "requirements": ["Master's degree in Statistics", "PMD Pro certification"],
        },
        "say": {
            "department": "Save the Children's Kenya Country Office",
            "jobs": [
                ("M&E Officer", "World Vision", "Jan 2020", "Present"),
                ("R&D Officer", "KRCS", "Mar 2017", "Dec 2019"),
            ],
            "highlights": [
                [
                    "Designed KoBo data collection tools for four counties",
                    "Analysed survey data using Stata & SPSS",
                    "Trained 45 CHVs on data quality",
                ],
                ["Wrote six donor reports (USAID, ECHO)"],
            ],
            "education": ("MA Project Planning & Management", "UoN", "", "2019", ""),
            "certs": [],
            "skills": ["M&E", "KoBo Toolbox", "STATA", "SPSS", "DQA", "Report Writing"],
            "languages": ["English", "Kiswahili", "Dholuo"],
            "summary": "M&E officer with nearly 10 years in health and livelihoods programmes.",
            "letter_claim": "At World Vision I built KoBoToolbox tools for four counties and "
            "trained 45 community health volunteers.",
            "letter_claim_sw": "Katika World Vision nilitengeneza zana za KoboToolbox kwa kaunti "
            "nne na kuwafunza wahudumu 45 wa afya ya jamii.",
        },
        "fakes": [
            (
                "employer",
                "md",
                ("sub", "### M&E Officer — World Vision", "### M&E Officer — UNICEF Kenya"),
            ),
            (
                "title",
                "letter",
                ("sum", "As [MEAL Coordinator] at World Vision I led the baseline."),
            ),
            ("date", "md", ("sub", "Mar 2017", "Mar 2014")),
            ("duration", "md", ("sub", "nearly 10 years", "nearly 14 years")),
            (
                "degree",
                "txt",
                ("sub", "MA Project Planning & Management", "PhD Project Planning & Management"),
            ),
            ("institution", "md", ("sub", "UoN", "Kenyatta University")),
            ("certification", "md", ("list", "certs", "PMD Pro Level 1 (2021)")),
            ("skill", "md", ("list", "skills", "DHIS2")),
            ("skill", "letter", ("sum", "I build dashboards in [Power BI].")),
            ("language", "txt", ("list", "languages", "Amharic")),
            ("award", "letter", ("sum", "My work won the 2021 [Kenya M&E Week award].")),
            ("metric", "md", ("sub", "Trained 45 CHVs", "Trained 150 CHVs")),
            ("metric", "letter", ("sub", "four counties", "eleven counties")),
            ("job_title", "txt", ("sub", "M&E Officer", "MEAL Manager")),
            ("degree", "json", ("edu_type", 1, "Master of Science")),
        ],
    }
)

P.append(
    {
        "id": "wekesa-teaching",
        "profile": {
            "basics": {
                "name": "Joseph Wekesa",
                "label": "Teacher",
                "email": "jwekesa@example.com",
                "phone": "0734 222 333",
                "summary": "Secondary school teacher of Mathematics and Physics.",
                "location": {"city": "Bungoma", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Friends School Kamusinga",
                    "position": "Mathematics and Physics Teacher",
                    "startDate": "2018-01",
                    "highlights": [
                        "Raised the Mathematics mean score from 5.2 to 7.1 in KCSE",
                        "Patron of the Science Club, which reached the national Science "
                        "Congress in 2022",
                        "Class teacher for 52 Form Three students",
                    ],
                },
                {
                    "name": "Bungoma High School",
                    "position": "Teacher on practice",
                    "startDate": "2016-05",
                    "endDate": "2016-08",
                },
            ],
            "education": [
                {
                    "institution": "Masinde Muliro University of Science and Technology",
                    "area": "Mathematics and Physics",
                    "studyType": "Bachelor of Education (Science)",
                    "endDate": "2017",
                    "score": "Second Class Honours (Upper Division)",
                }
            ],
            "skills": [
                {"name": "Lesson planning"},
                {"name": "Competency Based Curriculum"},
                {"name": "Microsoft Excel"},
                {"name": "Laboratory management"},
            ],
            "certificates": [
                {
                    "name": "TSC Registration",
                    "issuer": "Teachers Service Commission",
                    "date": "2018",
                }
            ],
            "languages": [{"language": "English"}, {"language": "Swahili"}, {"language": "Luhya"}],
        },
        "job": {
            "title": "Head of Science Department",
            "company": "Alliance High School",
            "location": "Kikuyu",
            "skills": ["Curriculum design", "STEM mentorship", "Google Classroom"],
            "requirements": ["TSC number", "Master of Education"],
        },
        "say": {
            "department": "the Alliance High School Science Department",
            "jobs": [
                ("Maths & Physics Teacher", "Friends School Kamusinga", "Jan 2018", "Present"),
                ("Teacher on practice", "Bungoma High School", "May 2016", "Aug 2016"),
            ],
            "highlights": [
                [
                    "Raised the Maths mean score from 5.2 to 7.1 in KCSE",
                    "Patron, Science Club (reached the national Science Congress, 2022)",
                    "Class teacher, 52 Form 3 students",
                ],
                [],
            ],
            "education": (
                "B.Ed (Science) Maths & Physics",
                "MMUST",
                "",
                "2017",
                "Second Class Upper",
            ),
            "certs": ["TSC registered (2018)"],
            "skills": ["Lesson Planning", "CBC", "MS Excel", "Lab management"],
            "languages": ["English", "Kiswahili", "Oluluhya"],
            "summary": "TSC-registered teacher with nearly 9 years teaching Maths & Physics.",
            "letter_claim": "At Kamusinga I raised the Mathematics mean score from 5.2 to 7.1.",
            "letter_claim_sw": "Katika Kamusinga nilipandisha alama ya wastani ya Hisabati "
            "kutoka 5.2 hadi 7.1.",
        },
        "fakes": [
            ("employer", "letter", ("sum", "I previously taught at [Maseno School].")),
            ("title", "md", ("sub", "### Maths & Physics Teacher", "### Deputy Principal")),
            ("date", "md", ("sub", "Jan 2018", "Jan 2012")),
            ("duration", "letter", ("sum", "I have taught for [15 years].")),
            (
                "degree",
                "md",
                ("list", "education", "[M.Ed Curriculum Studies], Kenyatta University (2021)"),
            ),
            ("institution", "txt", ("sub", "MMUST", "Moi University")),
            ("certification", "txt", ("list", "certs", "[Google Certified Educator] Level 2")),
            ("skill", "md", ("list", "skills", "Google Classroom")),
            ("language", "md", ("list", "languages", "German")),
            ("award", "md", ("hl", 0, "Bungoma County [Teacher of the Year] 2021")),
            ("metric", "md", ("sub", "5.2 to 7.1", "5.2 to 9.4")),
            ("metric", "txt", ("sub", "52 Form", "85 Form")),
            (
                "job_title",
                "md",
                ("sub", "### Maths & Physics Teacher", "### Head of Science Department"),
            ),
            (
                "date",
                "letter",
                ("sub", "At Kamusinga I raised", "Since 2013 at Kamusinga I raised"),
            ),
            ("skill", "json", ("list", "skills", "Curriculum design")),
        ],
    }
)

P.append(
    {
        "id": "kiprop-engineering",
        "profile": {
            "basics": {
                "name": "Daniel Kiprop",
                "label": "Civil Engineer",
                "email": "dkiprop@example.com",
                "phone": "+254 725 987 654",
                "summary": "Civil engineer in road construction and site supervision.",
                "location": {"city": "Nairobi", "countryCode": "KE"},
            },
            "work": [
                {
                    "name": "Kenya National Highways Authority",
                    "position": "Assistant Resident Engineer",
                    "startDate": "2019-10",
                    "highlights": [
                        "Supervised 42 km of bitumen road works worth KES 3.8 billion",
                        "Checked designs in AutoCAD Civil 3D",
                        "Led a site team of 18 inspectors",
                    ],
                },
                {
                    "name": "China Road and Bridge Corporation",
                    "position": "Site Engineer",
                    "startDate": "2016-07",
                    "endDate": "2019-09",
                    "highlights": ["Set out alignments with a total station on the SGR project"],
                },
            ],
            "education": [
                {
                    "institution": "Jomo Kenyatta University of Agriculture and Technology",
                    "area": "Civil Engineering",
                    "studyType": "Bachelor of Science",
                    "endDate": "2016",
                }
            ],
            "skills": [
                {"name": "AutoCAD"},
                {"name": "Civil 3D"},
                {"name": "Site supervision"},
                {"name": "Quantity surveying"},
                {"name": "Total station surveying"},
            ],
            "certificates": [
                {
                    "name": "Registered Graduate Engineer",
                    "issuer": "Engineers Board of Kenya",
                    "date": "2017",
                },
                {
                    "name": "Corporate Member",
                    "issuer": "Institution of Engineers of Kenya",
                    "date": "2020",
                },
            ],
            "languages": [{"language": "English"}, {"language": "Swahili"}],
        },
        "job": {
            "title": "Resident Engineer",
            "company": "Kenya Urban Roads Authority",
            "location": "Nairobi",
            "skills": ["Contract management", "FIDIC", "Primavera P6"],
            "requirements": ["Registered Professional Engineer with EBK", "10 years"],
        },
        "say": {
            "department": "KURA's Nairobi Region office",
            "jobs": [
                ("Asst. Resident Engineer", "KeNHA", "Oct 2019", "Present"),
                ("Site Engineer", "CRBC", "Jul 2016", "Sep 2019"),
            ],
            "highlights": [
                [
                    "Supervised 42km of bitumen roads worth over KES 3.5 billion",
                    "Design checks in AutoCAD Civil 3D",
                    "Led 18 site inspectors",
                ],
                ["Setting out with a total station on the SGR"],
            ],
            "education": ("BSc. Civil Eng.", "JKUAT", "", "2016", ""),
            "certs": ["Graduate Engineer, EBK (2017)", "Corporate Member, IEK (2020)"],
            "skills": [
                "AutoCAD",
                "Civil3D",
                "Site Supervision",
                "Quantity Surveying",
                "Total Station",
            ],
            "languages": ["English", "Kiswahili"],
            "summary": "Civil engineer with 10 years on roads, registered with the EBK.",
            "letter_claim": "At KeNHA I supervise 42 km of bitumen road works worth KES 3.8 "
            "billion and lead 18 inspectors.",
            "letter_claim_sw": "Katika KeNHA ninasimamia kilomita 42 za barabara za lami zenye "
            "thamani ya KES bilioni 3.8.",
        },
        "fakes": [
            ("employer", "md", ("sub", "CRBC", "Strabag International")),
            ("title", "txt", ("sub", "Site Engineer", "Project Manager")),
            ("date", "md", ("sub", "Jul 2016", "Jul 2011")),
            ("duration", "md", ("sub", "with 10 years", "with 16 years")),
            ("degree", "letter", ("sum", "I hold an [MSc in Structural Engineering].")),
            ("institution", "md", ("sub", "JKUAT", "Technical University of Kenya")),
            ("certification", "md", ("list", "certs", "PMP (PMI), 2022")),
            ("licence", "letter", ("sum", "I am a [Registered Professional Engineer] with EBK.")),
            ("skill", "txt", ("list", "skills", "Primavera P6")),
            ("language", "letter", ("sum", "I speak [Mandarin] with the contractor's staff.")),
            ("award", "txt", ("hl", 0, "KeNHA [Engineer of the Year] 2023")),
            ("metric", "md", ("sub", "Supervised 42km", "Supervised 95km")),
            ("metric", "letter", ("sub", "lead 18 inspectors", "lead 40 inspectors")),
            ("job_title", "txt", ("sub", "Asst. Resident Engineer", "Resident Engineer")),
            ("certification", "json", ("list", "certificates", "Registered Professional Engineer")),
        ],
    }
)
