//! Hand-written "generated-like" tables in the exact shape dvgen emits
//! (see the runtime brief): `account` and a small `contact`.
#![allow(dead_code)]

use ::dvgen_runtime::metadata::*;

// ---------------------------------------------------------------- account

#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    ::dvgen_runtime::serde::Serialize,
    ::dvgen_runtime::serde::Deserialize,
)]
#[serde(crate = "::dvgen_runtime::serde")]
pub struct Account {
    #[serde(
        rename = "accountid",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub accountid: ::core::option::Option<::dvgen_runtime::uuid::Uuid>,
    #[serde(
        rename = "name",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub name: ::core::option::Option<::std::string::String>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub description: ::core::option::Option<::std::string::String>,
    #[serde(
        rename = "revenue",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub revenue: ::core::option::Option<::dvgen_runtime::Money>,
    #[serde(
        rename = "customertypecode",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub customertypecode: ::core::option::Option<CustomerTypeCode>,
    #[serde(
        rename = "accountcategorycode",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub accountcategorycode: ::core::option::Option<AccountCategoryCode>,
    #[serde(
        rename = "address1_latitude",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub address1_latitude: ::core::option::Option<f64>,
    #[serde(
        rename = "creditonhold",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub creditonhold: ::core::option::Option<bool>,
    #[serde(
        rename = "numberofemployees",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub numberofemployees: ::core::option::Option<i32>,
    #[serde(
        rename = "exchangerate",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub exchangerate: ::core::option::Option<::dvgen_runtime::Decimal>,
    #[serde(
        rename = "createdon",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub createdon: ::core::option::Option<::dvgen_runtime::DateTime>,
    #[serde(
        rename = "modifiedon",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub modifiedon: ::core::option::Option<::dvgen_runtime::DateTime>,
    #[serde(
        rename = "sample_foundedon",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub sample_foundedon: ::core::option::Option<::dvgen_runtime::Date>,
    #[serde(
        rename = "sample_outdooractivities",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub sample_outdooractivities:
        ::core::option::Option<::dvgen_runtime::MultiSelect<OutdoorActivities>>,
    #[serde(
        rename = "_primarycontactid_value",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub primarycontactid: ::core::option::Option<::dvgen_runtime::Lookup>,
    #[serde(
        rename = "_ownerid_value",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub ownerid: ::core::option::Option<::dvgen_runtime::Lookup>,
    #[serde(
        rename = "_transactioncurrencyid_value",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub transactioncurrencyid: ::core::option::Option<::dvgen_runtime::Lookup>,
    /// Annotations (`@odata.etag`, `x@OData.Community.Display.V1.FormattedValue`, ...) and properties the type does not know.
    #[serde(flatten)]
    pub extra: ::dvgen_runtime::Extra,
}

impl ::dvgen_runtime::Entity for Account {
    const LOGICAL_NAME: &'static str = "account";
    const SCHEMA_NAME: &'static str = "Account";
    const ENTITY_SET_NAME: Option<&'static str> = Some("accounts");
    const PRIMARY_ID_ATTRIBUTE: Option<&'static str> = Some("accountid");
    const PRIMARY_NAME_ATTRIBUTE: Option<&'static str> = Some("name");
    const METADATA: &'static ::dvgen_runtime::EntityMetadata = &account::METADATA;
}

impl ::dvgen_runtime::HasExtra for Account {
    fn extra(&self) -> &::dvgen_runtime::Extra {
        &self.extra
    }
    fn extra_mut(&mut self) -> &mut ::dvgen_runtime::Extra {
        &mut self.extra
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CustomerTypeCode {
    Competitor,
    Consultant,
    Customer,
    Unknown(i32),
}

impl ::dvgen_runtime::OptionSet for CustomerTypeCode {
    const NAME: &'static str = "account_customertypecode";
    const OPTIONS: &'static [::dvgen_runtime::OptionMetadata] = &[
        opt(1, "Competitor"),
        opt(2, "Consultant"),
        opt(3, "Customer"),
    ];
    fn value(self) -> i32 {
        match self {
            Self::Competitor => 1,
            Self::Consultant => 2,
            Self::Customer => 3,
            Self::Unknown(v) => v,
        }
    }
    fn from_value(value: i32) -> Self {
        match value {
            1 => Self::Competitor,
            2 => Self::Consultant,
            3 => Self::Customer,
            v => Self::Unknown(v),
        }
    }
}
::dvgen_runtime::impl_option_set_serde!(CustomerTypeCode);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountCategoryCode {
    PreferredCustomer,
    Standard,
    Unknown(i32),
}

impl ::dvgen_runtime::OptionSet for AccountCategoryCode {
    const NAME: &'static str = "account_accountcategorycode";
    const OPTIONS: &'static [::dvgen_runtime::OptionMetadata] =
        &[opt(1, "Preferred Customer"), opt(2, "Standard")];
    fn value(self) -> i32 {
        match self {
            Self::PreferredCustomer => 1,
            Self::Standard => 2,
            Self::Unknown(v) => v,
        }
    }
    fn from_value(value: i32) -> Self {
        match value {
            1 => Self::PreferredCustomer,
            2 => Self::Standard,
            v => Self::Unknown(v),
        }
    }
}
::dvgen_runtime::impl_option_set_serde!(AccountCategoryCode);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutdoorActivities {
    Swimming,
    Hiking,
    MountainClimbing,
    Fishing,
    Hunting,
    Running,
    Boating,
    Skiing,
    Camping,
    Unknown(i32),
}

impl ::dvgen_runtime::OptionSet for OutdoorActivities {
    const NAME: &'static str = "sample_outdooractivities";
    const OPTIONS: &'static [::dvgen_runtime::OptionMetadata] = &[
        opt(1, "Swimming"),
        opt(2, "Hiking"),
        opt(3, "Mountain Climbing"),
        opt(4, "Fishing"),
        opt(5, "Hunting"),
        opt(6, "Running"),
        opt(7, "Boating"),
        opt(8, "Skiing"),
        opt(9, "Camping"),
    ];
    fn value(self) -> i32 {
        match self {
            Self::Swimming => 1,
            Self::Hiking => 2,
            Self::MountainClimbing => 3,
            Self::Fishing => 4,
            Self::Hunting => 5,
            Self::Running => 6,
            Self::Boating => 7,
            Self::Skiing => 8,
            Self::Camping => 9,
            Self::Unknown(v) => v,
        }
    }
    fn from_value(value: i32) -> Self {
        match value {
            1 => Self::Swimming,
            2 => Self::Hiking,
            3 => Self::MountainClimbing,
            4 => Self::Fishing,
            5 => Self::Hunting,
            6 => Self::Running,
            7 => Self::Boating,
            8 => Self::Skiing,
            9 => Self::Camping,
            v => Self::Unknown(v),
        }
    }
}
::dvgen_runtime::impl_option_set_serde!(OutdoorActivities);

pub const fn opt(value: i32, label: &'static str) -> OptionMetadata {
    OptionMetadata {
        value,
        label,
        state: None,
        default_status: None,
        invariant_name: None,
    }
}

pub const BASE: AttributeMetadata = AttributeMetadata {
    logical_name: "",
    schema_name: "",
    display_name: None,
    attribute_type: AttributeType::String,
    required_level: Some(RequiredLevel::None),
    is_valid_for_create: true,
    is_valid_for_update: true,
    is_valid_for_read: true,
    facets: Facets::NONE,
    targets: &[],
    attribute_of: None,
    options: &[],
    global_choice_name: None,
    origin: Origin::Dataverse,
};

pub mod columns {
    use super::*;
    use ::dvgen_runtime::Column;
    pub const ACCOUNTID: Column<super::Account, ::dvgen_runtime::uuid::Uuid> =
        Column::new(&super::account::ACCOUNTID);
    pub const NAME: Column<super::Account, ::std::string::String> =
        Column::new(&super::account::NAME);
    pub const DESCRIPTION: Column<super::Account, ::std::string::String> =
        Column::new(&super::account::DESCRIPTION);
    pub const REVENUE: Column<super::Account, ::dvgen_runtime::Money> =
        Column::new(&super::account::REVENUE);
    pub const CUSTOMERTYPECODE: Column<super::Account, CustomerTypeCode> =
        Column::new(&super::account::CUSTOMERTYPECODE);
    pub const ACCOUNTCATEGORYCODE: Column<super::Account, AccountCategoryCode> =
        Column::new(&super::account::ACCOUNTCATEGORYCODE);
    pub const ADDRESS1_LATITUDE: Column<super::Account, f64> =
        Column::new(&super::account::ADDRESS1_LATITUDE);
    pub const CREDITONHOLD: Column<super::Account, bool> =
        Column::new(&super::account::CREDITONHOLD);
    pub const NUMBEROFEMPLOYEES: Column<super::Account, i32> =
        Column::new(&super::account::NUMBEROFEMPLOYEES);
    pub const EXCHANGERATE: Column<super::Account, ::dvgen_runtime::Decimal> =
        Column::new(&super::account::EXCHANGERATE);
    pub const CREATEDON: Column<super::Account, ::dvgen_runtime::DateTime> =
        Column::new(&super::account::CREATEDON);
    pub const MODIFIEDON: Column<super::Account, ::dvgen_runtime::DateTime> =
        Column::new(&super::account::MODIFIEDON);
    pub const SAMPLE_FOUNDEDON: Column<super::Account, ::dvgen_runtime::Date> =
        Column::new(&super::account::SAMPLE_FOUNDEDON);
    pub const SAMPLE_OUTDOORACTIVITIES: Column<
        super::Account,
        ::dvgen_runtime::MultiSelect<OutdoorActivities>,
    > = Column::new(&super::account::SAMPLE_OUTDOORACTIVITIES);
    pub const PRIMARYCONTACTID: Column<super::Account, ::dvgen_runtime::Lookup> =
        Column::new(&super::account::PRIMARYCONTACTID);
    pub const OWNERID: Column<super::Account, ::dvgen_runtime::Lookup> =
        Column::new(&super::account::OWNERID);
    pub const TRANSACTIONCURRENCYID: Column<super::Account, ::dvgen_runtime::Lookup> =
        Column::new(&super::account::TRANSACTIONCURRENCYID);
    pub const MASTERID: Column<super::Account, ::dvgen_runtime::Lookup> =
        Column::new(&super::account::MASTERID);
}

pub mod account {
    use super::*;
    pub const ACCOUNTID: AttributeMetadata = AttributeMetadata {
        logical_name: "accountid",
        schema_name: "AccountId",
        attribute_type: AttributeType::Uniqueidentifier,
        is_valid_for_update: false,
        ..BASE
    };
    pub const NAME: AttributeMetadata = AttributeMetadata {
        logical_name: "name",
        schema_name: "Name",
        required_level: Some(RequiredLevel::ApplicationRequired),
        facets: Facets {
            max_length: Some(160),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const DESCRIPTION: AttributeMetadata = AttributeMetadata {
        logical_name: "description",
        schema_name: "Description",
        attribute_type: AttributeType::Memo,
        facets: Facets {
            max_length: Some(2000),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const REVENUE: AttributeMetadata = AttributeMetadata {
        logical_name: "revenue",
        schema_name: "Revenue",
        attribute_type: AttributeType::Money,
        facets: Facets {
            min_value: Some("0"),
            max_value: Some("100000000000000"),
            precision: Some(2),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const CUSTOMERTYPECODE: AttributeMetadata = AttributeMetadata {
        logical_name: "customertypecode",
        schema_name: "CustomerTypeCode",
        attribute_type: AttributeType::Picklist,
        options: CustomerTypeCode::OPTIONS_REF,
        ..BASE
    };
    pub const ACCOUNTCATEGORYCODE: AttributeMetadata = AttributeMetadata {
        logical_name: "accountcategorycode",
        schema_name: "AccountCategoryCode",
        attribute_type: AttributeType::Picklist,
        options: AccountCategoryCode::OPTIONS_REF,
        ..BASE
    };
    pub const ADDRESS1_LATITUDE: AttributeMetadata = AttributeMetadata {
        logical_name: "address1_latitude",
        schema_name: "Address1_Latitude",
        attribute_type: AttributeType::Double,
        facets: Facets {
            min_value: Some("-90"),
            max_value: Some("90"),
            precision: Some(5),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const CREDITONHOLD: AttributeMetadata = AttributeMetadata {
        logical_name: "creditonhold",
        schema_name: "CreditOnHold",
        attribute_type: AttributeType::Boolean,
        ..BASE
    };
    pub const NUMBEROFEMPLOYEES: AttributeMetadata = AttributeMetadata {
        logical_name: "numberofemployees",
        schema_name: "NumberOfEmployees",
        attribute_type: AttributeType::Integer,
        facets: Facets {
            min_value: Some("0"),
            max_value: Some("1000000000"),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const EXCHANGERATE: AttributeMetadata = AttributeMetadata {
        logical_name: "exchangerate",
        schema_name: "ExchangeRate",
        attribute_type: AttributeType::Decimal,
        is_valid_for_create: false,
        is_valid_for_update: false,
        facets: Facets {
            min_value: Some("0.000000000001"),
            max_value: Some("100000000000"),
            precision: Some(12),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const CREATEDON: AttributeMetadata = AttributeMetadata {
        logical_name: "createdon",
        schema_name: "CreatedOn",
        attribute_type: AttributeType::DateTime,
        is_valid_for_create: false,
        is_valid_for_update: false,
        facets: Facets {
            date_time_behavior: Some(DateTimeBehavior::UserLocal),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const MODIFIEDON: AttributeMetadata = AttributeMetadata {
        logical_name: "modifiedon",
        schema_name: "ModifiedOn",
        attribute_type: AttributeType::DateTime,
        is_valid_for_create: false,
        is_valid_for_update: false,
        facets: Facets {
            date_time_behavior: Some(DateTimeBehavior::UserLocal),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const SAMPLE_FOUNDEDON: AttributeMetadata = AttributeMetadata {
        logical_name: "sample_foundedon",
        schema_name: "sample_FoundedOn",
        attribute_type: AttributeType::DateTime,
        facets: Facets {
            date_time_behavior: Some(DateTimeBehavior::DateOnly),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const SAMPLE_OUTDOORACTIVITIES: AttributeMetadata = AttributeMetadata {
        logical_name: "sample_outdooractivities",
        schema_name: "sample_OutdoorActivities",
        attribute_type: AttributeType::MultiSelectPicklist,
        options: OutdoorActivities::OPTIONS_REF,
        ..BASE
    };
    pub const PRIMARYCONTACTID: AttributeMetadata = AttributeMetadata {
        logical_name: "primarycontactid",
        schema_name: "PrimaryContactId",
        attribute_type: AttributeType::Lookup,
        targets: &[LookupTarget {
            table: "contact",
            entity_set: Some("contacts"),
            navigation_property: Some("primarycontactid"),
        }],
        ..BASE
    };
    pub const OWNERID: AttributeMetadata = AttributeMetadata {
        logical_name: "ownerid",
        schema_name: "OwnerId",
        attribute_type: AttributeType::Owner,
        required_level: Some(RequiredLevel::SystemRequired),
        targets: &[
            LookupTarget {
                table: "systemuser",
                entity_set: Some("systemusers"),
                navigation_property: Some("ownerid"),
            },
            LookupTarget {
                table: "team",
                entity_set: Some("teams"),
                navigation_property: Some("ownerid"),
            },
        ],
        ..BASE
    };
    pub const TRANSACTIONCURRENCYID: AttributeMetadata = AttributeMetadata {
        logical_name: "transactioncurrencyid",
        schema_name: "TransactionCurrencyId",
        attribute_type: AttributeType::Lookup,
        targets: &[LookupTarget {
            table: "transactioncurrency",
            entity_set: Some("transactioncurrencies"),
            navigation_property: Some("TransactionCurrencyId"),
        }],
        ..BASE
    };
    /// A lookup whose navigation property the (old-format) docs do not give.
    pub const MASTERID: AttributeMetadata = AttributeMetadata {
        logical_name: "masterid",
        schema_name: "MasterId",
        attribute_type: AttributeType::Lookup,
        is_valid_for_create: false,
        is_valid_for_update: false,
        targets: &[LookupTarget {
            table: "account",
            entity_set: Some("accounts"),
            navigation_property: None,
        }],
        ..BASE
    };

    pub const ACCOUNT_PRIMARY_CONTACT: RelationshipDescriptor = RelationshipDescriptor {
        schema_name: "account_primary_contact",
        kind: RelationshipKind::ManyToOne,
        referenced_table: "contact",
        referenced_attribute: Some("contactid"),
        referencing_table: "account",
        referencing_attribute: Some("primarycontactid"),
        referenced_navigation_property: Some("account_primary_contact"),
        referencing_navigation_property: Some("primarycontactid"),
        cascade: CascadeConfiguration::UNKNOWN,
        referenced_menu: None,
        referencing_menu: None,
        intersect_table: None,
        referenced_intersect_attribute: None,
        referencing_intersect_attribute: None,
        is_hierarchical: None,
        is_customizable: None,
        origin: Origin::Dataverse,
    };
    pub const ACCOUNT_TASKS: RelationshipDescriptor = RelationshipDescriptor {
        schema_name: "Account_Tasks",
        kind: RelationshipKind::OneToMany,
        referenced_table: "account",
        referenced_attribute: Some("accountid"),
        referencing_table: "task",
        referencing_attribute: Some("regardingobjectid"),
        referenced_navigation_property: Some("Account_Tasks"),
        referencing_navigation_property: Some("regardingobjectid_account_task"),
        ..ACCOUNT_PRIMARY_CONTACT
    };

    pub const METADATA: EntityMetadata = EntityMetadata {
        logical_name: "account",
        schema_name: "Account",
        display_name: Some("Account"),
        entity_set_name: Some("accounts"),
        primary_id_attribute: Some("accountid"),
        primary_name_attribute: Some("name"),
        ownership_type: Some("UserOwned"),
        table_type: Some("Standard"),
        attributes: &[
            ACCOUNTCATEGORYCODE,
            ACCOUNTID,
            ADDRESS1_LATITUDE,
            CREATEDON,
            CREDITONHOLD,
            CUSTOMERTYPECODE,
            DESCRIPTION,
            EXCHANGERATE,
            MASTERID,
            MODIFIEDON,
            NAME,
            NUMBEROFEMPLOYEES,
            OWNERID,
            PRIMARYCONTACTID,
            REVENUE,
            SAMPLE_FOUNDEDON,
            SAMPLE_OUTDOORACTIVITIES,
            TRANSACTIONCURRENCYID,
        ],
        relationships: &[ACCOUNT_PRIMARY_CONTACT, ACCOUNT_TASKS],
        messages: &[],
    };
}

impl CustomerTypeCode {
    pub const OPTIONS_REF: &'static [OptionMetadata] =
        <Self as ::dvgen_runtime::OptionSet>::OPTIONS;
}
impl AccountCategoryCode {
    pub const OPTIONS_REF: &'static [OptionMetadata] =
        <Self as ::dvgen_runtime::OptionSet>::OPTIONS;
}
impl OutdoorActivities {
    pub const OPTIONS_REF: &'static [OptionMetadata] =
        <Self as ::dvgen_runtime::OptionSet>::OPTIONS;
}

// ---------------------------------------------------------------- contact

#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    ::dvgen_runtime::serde::Serialize,
    ::dvgen_runtime::serde::Deserialize,
)]
#[serde(crate = "::dvgen_runtime::serde")]
pub struct Contact {
    #[serde(
        rename = "contactid",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub contactid: ::core::option::Option<::dvgen_runtime::uuid::Uuid>,
    #[serde(
        rename = "firstname",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub firstname: ::core::option::Option<::std::string::String>,
    #[serde(
        rename = "lastname",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub lastname: ::core::option::Option<::std::string::String>,
    #[serde(
        rename = "fullname",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub fullname: ::core::option::Option<::std::string::String>,
    #[serde(
        rename = "birthdate",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub birthdate: ::core::option::Option<::dvgen_runtime::Date>,
    #[serde(
        rename = "sample_outdooractivities",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub sample_outdooractivities:
        ::core::option::Option<::dvgen_runtime::MultiSelect<OutdoorActivities>>,
    #[serde(
        rename = "_parentcustomerid_value",
        default,
        skip_serializing_if = "::core::option::Option::is_none"
    )]
    pub parentcustomerid: ::core::option::Option<::dvgen_runtime::Lookup>,
    /// Annotations and properties the type does not know.
    #[serde(flatten)]
    pub extra: ::dvgen_runtime::Extra,
}

impl ::dvgen_runtime::Entity for Contact {
    const LOGICAL_NAME: &'static str = "contact";
    const SCHEMA_NAME: &'static str = "Contact";
    const ENTITY_SET_NAME: Option<&'static str> = Some("contacts");
    const PRIMARY_ID_ATTRIBUTE: Option<&'static str> = Some("contactid");
    const PRIMARY_NAME_ATTRIBUTE: Option<&'static str> = Some("fullname");
    const METADATA: &'static ::dvgen_runtime::EntityMetadata = &contact::METADATA;
}

impl ::dvgen_runtime::HasExtra for Contact {
    fn extra(&self) -> &::dvgen_runtime::Extra {
        &self.extra
    }
    fn extra_mut(&mut self) -> &mut ::dvgen_runtime::Extra {
        &mut self.extra
    }
}

pub mod contact_columns {
    use super::*;
    use ::dvgen_runtime::Column;
    pub const FULLNAME: Column<super::Contact, ::std::string::String> =
        Column::new(&super::contact::FULLNAME);
    pub const FIRSTNAME: Column<super::Contact, ::std::string::String> =
        Column::new(&super::contact::FIRSTNAME);
    pub const LASTNAME: Column<super::Contact, ::std::string::String> =
        Column::new(&super::contact::LASTNAME);
    pub const BIRTHDATE: Column<super::Contact, ::dvgen_runtime::Date> =
        Column::new(&super::contact::BIRTHDATE);
    pub const SAMPLE_OUTDOORACTIVITIES: Column<
        super::Contact,
        ::dvgen_runtime::MultiSelect<OutdoorActivities>,
    > = Column::new(&super::contact::SAMPLE_OUTDOORACTIVITIES);
    pub const PARENTCUSTOMERID: Column<super::Contact, ::dvgen_runtime::Lookup> =
        Column::new(&super::contact::PARENTCUSTOMERID);
}

pub mod contact {
    use super::*;
    pub const CONTACTID: AttributeMetadata = AttributeMetadata {
        logical_name: "contactid",
        schema_name: "ContactId",
        attribute_type: AttributeType::Uniqueidentifier,
        ..BASE
    };
    pub const FIRSTNAME: AttributeMetadata = AttributeMetadata {
        logical_name: "firstname",
        schema_name: "FirstName",
        facets: Facets {
            max_length: Some(50),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const LASTNAME: AttributeMetadata = AttributeMetadata {
        logical_name: "lastname",
        schema_name: "LastName",
        facets: Facets {
            max_length: Some(50),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const FULLNAME: AttributeMetadata = AttributeMetadata {
        logical_name: "fullname",
        schema_name: "FullName",
        is_valid_for_create: false,
        is_valid_for_update: false,
        facets: Facets {
            max_length: Some(160),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const BIRTHDATE: AttributeMetadata = AttributeMetadata {
        logical_name: "birthdate",
        schema_name: "BirthDate",
        attribute_type: AttributeType::DateTime,
        facets: Facets {
            date_time_behavior: Some(DateTimeBehavior::DateOnly),
            ..Facets::NONE
        },
        ..BASE
    };
    pub const SAMPLE_OUTDOORACTIVITIES: AttributeMetadata = AttributeMetadata {
        logical_name: "sample_outdooractivities",
        schema_name: "sample_OutdoorActivities",
        attribute_type: AttributeType::MultiSelectPicklist,
        options: OutdoorActivities::OPTIONS_REF,
        ..BASE
    };
    pub const PARENTCUSTOMERID: AttributeMetadata = AttributeMetadata {
        logical_name: "parentcustomerid",
        schema_name: "ParentCustomerId",
        attribute_type: AttributeType::Customer,
        targets: &[
            LookupTarget {
                table: "account",
                entity_set: Some("accounts"),
                navigation_property: Some("parentcustomerid_account"),
            },
            LookupTarget {
                table: "contact",
                entity_set: Some("contacts"),
                navigation_property: Some("parentcustomerid_contact"),
            },
        ],
        ..BASE
    };
    pub const METADATA: EntityMetadata = EntityMetadata {
        logical_name: "contact",
        schema_name: "Contact",
        display_name: Some("Contact"),
        entity_set_name: Some("contacts"),
        primary_id_attribute: Some("contactid"),
        primary_name_attribute: Some("fullname"),
        ownership_type: Some("UserOwned"),
        table_type: Some("Standard"),
        attributes: &[
            BIRTHDATE,
            CONTACTID,
            FIRSTNAME,
            FULLNAME,
            LASTNAME,
            PARENTCUSTOMERID,
            SAMPLE_OUTDOORACTIVITIES,
        ],
        relationships: &[super::account::ACCOUNT_PRIMARY_CONTACT],
        messages: &[],
    };
}
