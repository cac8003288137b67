//! `flowscope datasets list|get`: the Catalog's datasets as a table, JSON, ndjson or CSV.
//! The Catalog pages by offset; the list is read whole before it is written.

use std::io::BufWriter;

use serde_json::Value;

use super::change_args::{DatasetListArgs, DatasetsCmd};
use super::columns::{Labels, Resource};
use super::commands::shown;
use super::error::CliResult;
use super::output::{ListWriter, write_one};
use crate::api::Client;
use crate::api::aep::DatasetQuery;

pub async fn run(c: &Client, cmd: DatasetsCmd) -> CliResult {
    match cmd {
        DatasetsCmd::List(a) => list(c, &a).await,
        DatasetsCmd::Get(g) => {
            let d = c.get_dataset(&g.id).await?;
            let v = shown(&d)?;
            write_one(&mut std::io::stdout().lock(), g.output, &v)?;
            Ok(())
        }
    }
}

async fn list(c: &Client, a: &DatasetListArgs) -> CliResult {
    let q = DatasetQuery {
        limit: a.limit,
        order_by: a.orderby.clone(),
        properties: Vec::new(),
        name: a.name.clone(),
    };
    let datasets = c.list_datasets(&q).await?;
    let items = datasets
        .iter()
        .map(shown)
        .collect::<CliResult<Vec<Value>>>()?;
    let mut w = ListWriter::new(
        BufWriter::new(std::io::stdout().lock()),
        a.output,
        Resource::Datasets,
        Labels::default(),
    );
    w.page(&items)?;
    w.finish()?;
    Ok(())
}
