//! An in-memory EVM (revm, mainnet rules, latest hard fork) to deploy and
//! call contracts, recording the gas of each transaction.

use revm::{
    context::{
        result::{ExecutionResult, Output},
        ContextTr, TxEnv,
    },
    database::{CacheDB, EmptyDB},
    handler::{MainBuilder, MainContext, MainnetContext, MainnetEvm},
    primitives::{Address, Bytes, TxKind, U256},
    state::AccountInfo,
    Context, ExecuteCommitEvm,
};

use crate::ContractError;

/// The chain id of the embedded chain.
pub const CHAIN_ID: u64 = 31337;
/// Gas limit of each transaction (the EIP-7825 cap).
pub const TX_GAS_LIMIT: u64 = 16_777_216;

/// A log: the emitting contract, its topics, its data.
pub type Log = ([u8; 20], Vec<[u8; 32]>, Vec<u8>);

/// What a transaction did.
#[derive(Clone, Debug)]
pub struct Receipt {
    /// Whether it succeeded (no revert, no halt).
    pub success: bool,
    /// Return data (or revert data).
    pub output: Vec<u8>,
    /// The created contract, for a deployment.
    pub created: Option<[u8; 20]>,
    /// Gas used by the transaction, after refunds.
    pub gas_used: u64,
    /// Intrinsic gas: 21,000 (53,000 for a deployment) plus the call data
    /// (4 per zero byte, 16 per other byte), ignoring the EIP-7623 floor.
    pub intrinsic_gas: u64,
    /// Logs: (emitting address, topics, data).
    pub logs: Vec<Log>,
}

impl Receipt {
    /// Gas used beyond the intrinsic cost: the execution's own cost.
    pub fn execution_gas(&self) -> u64 {
        self.gas_used.saturating_sub(self.intrinsic_gas)
    }

    /// The first 4 bytes of revert data (a custom error's selector).
    pub fn revert_selector(&self) -> Option<[u8; 4]> {
        if self.success {
            return None;
        }
        self.output.get(..4).map(|s| s.try_into().expect("4 bytes"))
    }
}

/// An embedded chain with funded accounts and a settable clock.
pub struct Chain {
    evm: MainnetEvm<MainnetContext<CacheDB<EmptyDB>>>,
    nonces: std::collections::HashMap<[u8; 20], u64>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Chain(timestamp {})", self.timestamp())
    }
}

impl Default for Chain {
    fn default() -> Self {
        Chain::new()
    }
}

impl Chain {
    /// An empty chain (chain id [`CHAIN_ID`]) at timestamp 1,800,000,000.
    pub fn new() -> Chain {
        let evm = Context::mainnet()
            .with_db(CacheDB::<EmptyDB>::default())
            .modify_cfg_chained(|cfg| {
                cfg.chain_id = CHAIN_ID;
                cfg.tx_gas_limit_cap = Some(TX_GAS_LIMIT);
            })
            .modify_block_chained(|block| {
                block.timestamp = U256::from(1_800_000_000u64);
                block.number = U256::from(1u64);
                block.gas_limit = 60_000_000;
                block.basefee = 0;
            })
            .build_mainnet();
        Chain {
            evm,
            nonces: Default::default(),
        }
    }

    /// A funded externally owned account, `0xee 00..00 || n` (created on first use).
    pub fn account(&mut self, n: u64) -> [u8; 20] {
        let mut a = [0u8; 20];
        a[12..].copy_from_slice(&n.to_be_bytes());
        a[0] = 0xee;
        if self.nonces.contains_key(&a) {
            return a;
        }
        self.nonces.insert(a, 0);
        self.evm.ctx.db_mut().insert_account_info(
            Address::from(a),
            AccountInfo {
                balance: U256::from(10u128.pow(24)),
                ..Default::default()
            },
        );
        a
    }

    /// The address `from`'s next deployment (CREATE) will have: what a
    /// deployer computes to build a relying party's scope before deploying it.
    pub fn next_address(&mut self, from: [u8; 20]) -> [u8; 20] {
        let nonce = *self.nonces.entry(from).or_insert(0);
        Address::from(from).create(nonce).into_array()
    }

    /// The block timestamp (seconds).
    pub fn timestamp(&self) -> u64 {
        self.evm.ctx.block.timestamp.saturating_to()
    }

    /// Sets the block timestamp (seconds).
    pub fn set_timestamp(&mut self, t: u64) {
        self.evm.ctx.block.timestamp = U256::from(t);
    }

    /// Today's day number (days since 1970-01-01) by the block clock.
    pub fn today(&self) -> u64 {
        self.timestamp() / 86_400
    }

    fn transact(
        &mut self,
        from: [u8; 20],
        kind: TxKind,
        data: Vec<u8>,
    ) -> Result<Receipt, ContractError> {
        let zeros = data.iter().filter(|b| **b == 0).count() as u64;
        let base = if matches!(kind, TxKind::Create) {
            53_000 + 2 * data.len().div_ceil(32) as u64
        } else {
            21_000
        };
        let intrinsic_gas = base + 4 * zeros + 16 * (data.len() as u64 - zeros);
        let nonce = self.nonces.entry(from).or_insert(0);
        let tx = TxEnv::builder()
            .caller(Address::from(from))
            .kind(kind)
            .data(Bytes::from(data))
            .gas_limit(TX_GAS_LIMIT)
            .gas_price(0)
            .nonce(*nonce)
            .chain_id(Some(CHAIN_ID))
            .build()
            .map_err(|e| ContractError::Evm(format!("transaction: {e:?}")))?;
        let result = self
            .evm
            .transact_commit(tx)
            .map_err(|e| ContractError::Evm(format!("{e:?}")))?;
        *nonce += 1;
        let gas_used = result.tx_gas_used();
        let logs = result
            .logs()
            .iter()
            .map(|l| {
                (
                    l.address.into_array(),
                    l.data.topics().iter().map(|t| t.0).collect(),
                    l.data.data.to_vec(),
                )
            })
            .collect();
        Ok(match result {
            ExecutionResult::Success { output, .. } => {
                let (output, created) = match output {
                    Output::Call(b) => (b.to_vec(), None),
                    Output::Create(b, a) => (b.to_vec(), a.map(|a| a.into_array())),
                };
                Receipt {
                    success: true,
                    output,
                    created,
                    gas_used,
                    intrinsic_gas,
                    logs,
                }
            }
            ExecutionResult::Revert { output, .. } => Receipt {
                success: false,
                output: output.to_vec(),
                created: None,
                gas_used,
                intrinsic_gas,
                logs,
            },
            ExecutionResult::Halt { .. } => Receipt {
                success: false,
                output: Vec::new(),
                created: None,
                gas_used,
                intrinsic_gas,
                logs,
            },
        })
    }

    /// Deploys `bytecode || constructor_args` from `from`; the receipt names
    /// the new contract, or [`ContractError::Reverted`].
    pub fn deploy(
        &mut self,
        from: [u8; 20],
        bytecode: &[u8],
        constructor_args: &[u8],
    ) -> Result<([u8; 20], Receipt), ContractError> {
        let mut data = bytecode.to_vec();
        data.extend_from_slice(constructor_args);
        let r = self.transact(from, TxKind::Create, data)?;
        match (r.success, r.created) {
            (true, Some(a)) => Ok((a, r)),
            _ => Err(ContractError::Reverted(r.revert_selector())),
        }
    }

    /// Sends a transaction calling `to` with `data`; a revert is a receipt
    /// with `success == false`, not an error.
    pub fn call(
        &mut self,
        from: [u8; 20],
        to: [u8; 20],
        data: Vec<u8>,
    ) -> Result<Receipt, ContractError> {
        self.transact(from, TxKind::Call(Address::from(to)), data)
    }
}
