//! A typed Web API query builder (`$select`, `$filter`, `$expand`, `$orderby`,
//! `$top`, `$count`) producing a percent-encoded query string. No HTTP.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::column::{quote_literal, Column, ODataValue};
use crate::metadata::{RelationshipDescriptor, RelationshipKind};
use crate::values::MultiSelect;
use crate::{Entity, OptionSet};

/// Characters left as they are in a query option value; everything else
/// (space, `&`, `+`, `#`, `%`, `"`, non-ASCII, ...) is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'/')
    .remove(b'@')
    .remove(b';')
    .remove(b'=')
    .remove(b'*');

/// A query problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The docs give no navigation property for this side of the relationship.
    #[error("relationship `{relationship}` has no documented navigation property from `{table}`")]
    MissingNavigationProperty {
        /// Relationship schema name.
        relationship: &'static str,
        /// The table the query is on.
        table: &'static str,
    },
    /// The relationship does not involve the query's table.
    #[error("relationship `{relationship}` does not involve `{table}`")]
    UnrelatedTable {
        /// Relationship schema name.
        relationship: &'static str,
        /// The table the query is on.
        table: &'static str,
    },
}

/// Something that can be listed in `$select` for table `E` (any [`Column`] of `E`).
pub trait Selectable<E> {
    /// The Web API property name.
    fn select_name(&self) -> Cow<'static, str>;
}

impl<E, T> Selectable<E> for Column<E, T> {
    fn select_name(&self) -> Cow<'static, str> {
        self.property_name()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Atom(String),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

impl Expr {
    fn write(&self, out: &mut String) {
        match self {
            Expr::Atom(s) => out.push_str(s),
            Expr::And(a, b) => {
                a.write_operand(out, true);
                out.push_str(" and ");
                b.write_operand(out, true);
            }
            Expr::Or(a, b) => {
                a.write_operand(out, false);
                out.push_str(" or ");
                b.write_operand(out, false);
            }
            Expr::Not(a) => {
                out.push_str("not (");
                a.write(out);
                out.push(')');
            }
        }
    }
    fn write_operand(&self, out: &mut String, in_and: bool) {
        if in_and && matches!(self, Expr::Or(..)) {
            out.push('(');
            self.write(out);
            out.push(')');
        } else {
            self.write(out);
        }
    }
}

/// A `$filter` expression on table `E`. Combine with `&`, `|` and `!`.
pub struct Filter<E> {
    expr: Expr,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for Filter<E> {
    fn clone(&self) -> Self {
        Self::from_expr(self.expr.clone())
    }
}

impl<E> fmt::Debug for Filter<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.to_string()).finish()
    }
}

impl<E> PartialEq for Filter<E> {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr
    }
}

impl<E> Filter<E> {
    fn from_expr(expr: Expr) -> Self {
        Self {
            expr,
            _e: PhantomData,
        }
    }
    /// A filter from raw OData text, used verbatim (not validated).
    pub fn raw(text: impl Into<String>) -> Self {
        Self::from_expr(Expr::Atom(text.into()))
    }
}

impl<E> fmt::Display for Filter<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut s = String::new();
        self.expr.write(&mut s);
        f.write_str(&s)
    }
}

impl<E> BitAnd for Filter<E> {
    type Output = Filter<E>;
    fn bitand(self, rhs: Self) -> Self {
        Self::from_expr(Expr::And(Box::new(self.expr), Box::new(rhs.expr)))
    }
}
impl<E> BitOr for Filter<E> {
    type Output = Filter<E>;
    fn bitor(self, rhs: Self) -> Self {
        Self::from_expr(Expr::Or(Box::new(self.expr), Box::new(rhs.expr)))
    }
}
impl<E> Not for Filter<E> {
    type Output = Filter<E>;
    fn not(self) -> Self {
        Self::from_expr(Expr::Not(Box::new(self.expr)))
    }
}

impl<E, T: ODataValue> Column<E, T> {
    fn compare(self, op: &str, value: T) -> Filter<E> {
        Filter::from_expr(Expr::Atom(format!(
            "{} {op} {}",
            self.property_name(),
            value.to_literal()
        )))
    }
    /// `col eq value`.
    pub fn eq(self, value: impl Into<T>) -> Filter<E> {
        self.compare("eq", value.into())
    }
    /// `col ne value`.
    pub fn ne(self, value: impl Into<T>) -> Filter<E> {
        self.compare("ne", value.into())
    }
    /// `col gt value`.
    pub fn gt(self, value: impl Into<T>) -> Filter<E> {
        self.compare("gt", value.into())
    }
    /// `col ge value`.
    pub fn ge(self, value: impl Into<T>) -> Filter<E> {
        self.compare("ge", value.into())
    }
    /// `col lt value`.
    pub fn lt(self, value: impl Into<T>) -> Filter<E> {
        self.compare("lt", value.into())
    }
    /// `col le value`.
    pub fn le(self, value: impl Into<T>) -> Filter<E> {
        self.compare("le", value.into())
    }
}

impl<E, T> Column<E, T> {
    /// `col eq null`.
    pub fn is_null(self) -> Filter<E> {
        Filter::from_expr(Expr::Atom(format!("{} eq null", self.property_name())))
    }
    /// `col ne null`.
    pub fn is_not_null(self) -> Filter<E> {
        Filter::from_expr(Expr::Atom(format!("{} ne null", self.property_name())))
    }
}

impl<E> Column<E, String> {
    fn func(self, name: &str, value: &str) -> Filter<E> {
        Filter::from_expr(Expr::Atom(format!(
            "{name}({},{})",
            self.property_name(),
            quote_literal(value)
        )))
    }
    /// `contains(col,'value')`.
    pub fn contains(self, value: &str) -> Filter<E> {
        self.func("contains", value)
    }
    /// `startswith(col,'value')`.
    pub fn starts_with(self, value: &str) -> Filter<E> {
        self.func("startswith", value)
    }
    /// `endswith(col,'value')`.
    pub fn ends_with(self, value: &str) -> Filter<E> {
        self.func("endswith", value)
    }
}

impl<E, O: OptionSet> Column<E, MultiSelect<O>> {
    /// `Microsoft.Dynamics.CRM.ContainValues(PropertyName='col',PropertyValues=['1','9'])`.
    pub fn contain_values(self, values: &[O]) -> Filter<E> {
        let list: Vec<String> = values.iter().map(|v| format!("'{}'", v.value())).collect();
        Filter::from_expr(Expr::Atom(format!(
            "Microsoft.Dynamics.CRM.ContainValues(PropertyName='{}',PropertyValues=[{}])",
            self.logical_name(),
            list.join(",")
        )))
    }
}

/// Sort direction for `$orderby`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Ascending (the default).
    #[default]
    Asc,
    /// Descending.
    Desc,
}

/// A Web API query on table `E`.
///
/// ```ignore
/// let q = Query::<Account>::new()
///     .select(&[&columns::NAME, &columns::REVENUE])
///     .filter(columns::REVENUE.gt(10000) & columns::NAME.starts_with("C"))
///     .order_by(columns::NAME, Order::Desc)
///     .top(10)
///     .to_query_string(); // "$select=name,revenue&$filter=revenue%20gt%2010000%20and%20..."
/// ```
pub struct Query<E> {
    select: Vec<Cow<'static, str>>,
    filter: Option<Expr>,
    expand: Vec<String>,
    order_by: Vec<String>,
    top: Option<u32>,
    count: bool,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for Query<E> {
    fn clone(&self) -> Self {
        Self {
            select: self.select.clone(),
            filter: self.filter.clone(),
            expand: self.expand.clone(),
            order_by: self.order_by.clone(),
            top: self.top,
            count: self.count,
            _e: PhantomData,
        }
    }
}

impl<E> fmt::Debug for Query<E> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("Query")
            .field(&self.to_query_string())
            .finish()
    }
}

impl<E> Default for Query<E> {
    fn default() -> Self {
        Self {
            select: Vec::new(),
            filter: None,
            expand: Vec::new(),
            order_by: Vec::new(),
            top: None,
            count: false,
            _e: PhantomData,
        }
    }
}

impl<E> Query<E> {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds columns to `$select` (lookups as `_x_value`).
    pub fn select(mut self, columns: &[&dyn Selectable<E>]) -> Self {
        for c in columns {
            let name = c.select_name();
            if !self.select.contains(&name) {
                self.select.push(name);
            }
        }
        self
    }
    /// Sets `$filter`; called again, combines with `and`.
    pub fn filter(mut self, filter: Filter<E>) -> Self {
        self.filter = Some(match self.filter.take() {
            Some(old) => Expr::And(Box::new(old), Box::new(filter.expr)),
            None => filter.expr,
        });
        self
    }
    /// Adds a `$orderby` term.
    pub fn order_by<T>(mut self, column: Column<E, T>, order: Order) -> Self {
        let name = column.property_name();
        self.order_by.push(match order {
            Order::Asc => name.into_owned(),
            Order::Desc => format!("{name} desc"),
        });
        self
    }
    /// Sets `$top`.
    pub fn top(mut self, n: u32) -> Self {
        self.top = Some(n);
        self
    }
    /// Sets `$count=true`.
    pub fn count(mut self) -> Self {
        self.count = true;
        self
    }

    fn options(&self, nested: bool) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.select.is_empty() {
            out.push(("$select", self.select.join(",")));
        }
        if let Some(f) = &self.filter {
            let mut s = String::new();
            f.write(&mut s);
            out.push(("$filter", s));
        }
        if !self.expand.is_empty() {
            out.push(("$expand", self.expand.join(",")));
        }
        if !self.order_by.is_empty() {
            out.push(("$orderby", self.order_by.join(",")));
        }
        if let Some(n) = self.top {
            out.push(("$top", n.to_string()));
        }
        if self.count && !nested {
            out.push(("$count", "true".to_owned()));
        }
        out
    }

    /// The query string without the leading `?`, percent-encoded:
    /// `$select=name,revenue&$filter=revenue%20gt%2010000`.
    pub fn to_query_string(&self) -> String {
        self.options(false)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(&v, QUERY_VALUE)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The query options, not percent-encoded (for logs and tests).
    pub fn to_unencoded_string(&self) -> String {
        self.options(false)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }
}

impl<E: Entity> Query<E> {
    /// Adds `$expand=<navigation property>(<nested options>)` for a
    /// relationship of `E`; the navigation property is chosen by the side
    /// `E` is on (many-to-one: the single-valued one; one-to-many and
    /// many-to-many: the collection-valued one).
    pub fn expand<T>(
        mut self,
        relationship: &'static RelationshipDescriptor,
        nested: Query<T>,
    ) -> Result<Self, QueryError> {
        let nav = navigation_from(relationship, E::LOGICAL_NAME)?;
        let inner: Vec<String> = nested
            .options(true)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        self.expand.push(if inner.is_empty() {
            nav.to_owned()
        } else {
            format!("{nav}({})", inner.join(";"))
        });
        Ok(self)
    }
}

/// The navigation property to follow `relationship` from `table`.
pub fn navigation_from(
    relationship: &'static RelationshipDescriptor,
    table: &'static str,
) -> Result<&'static str, QueryError> {
    let r = relationship;
    let nav = match r.kind {
        RelationshipKind::ManyToOne if r.referencing_table == table => {
            r.referencing_navigation_property
        }
        RelationshipKind::OneToMany if r.referenced_table == table => {
            r.referenced_navigation_property
        }
        _ if r.referenced_table == table => r.referenced_navigation_property,
        _ if r.referencing_table == table => r.referencing_navigation_property,
        _ => {
            return Err(QueryError::UnrelatedTable {
                relationship: r.schema_name,
                table,
            })
        }
    };
    nav.ok_or(QueryError::MissingNavigationProperty {
        relationship: r.schema_name,
        table,
    })
}
