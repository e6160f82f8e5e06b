// ClusterStat's page: forms and tables only. Every number comes from the
// server (the same code as the command line); this script sends options,
// shows what comes back, and never computes a statistic.
'use strict';

const I18N = {
  zh: {
    subtitle: '本地问卷分析', privacy: '数据只在这台电脑上处理，不上传到任何服务器；含姓名、电话、邮箱、IP、证件号的列自动排除。',
    'tab.data': '数据', 'tab.analyses': '分析', 'tab.study': '整体研究报告',
    'data.upload': '上传数据', 'data.formats': '问卷星导出（.xlsx/.csv）、Excel、SPSS（.sav）、CSV（UTF-8 或 GBK）。',
    'data.screen': '剔除无效答卷（直线作答、用时过短、重复提交、缺失过多）', 'data.uploadButton': '上传并读取',
    'data.summary': '数据概况', 'data.file': '文件', 'data.format': '格式', 'data.layout': '版式', 'data.rows': '有效样本',
    'data.codebook': '编码簿', 'data.personal': '已排除的个人信息列',
    'data.personalHint': '这些列不参与任何分析，也不出现在任何结果或下载中；页面只显示列名和原因。',
    'data.screening': '答卷筛查', 'data.columns': '变量', 'data.codebookTitle': '编码簿（量表、反向题、取值）',
    'data.codebookHint': '先下载根据数据起草的编码簿，按需修改后上传；上传的编码簿用于全部分析和整体报告。',
    'data.draft': '下载起草的编码簿', 'data.codebookUpload': '上传编码簿', 'data.codebookRemove': '不用编码簿',
    'data.current': '下载当前编码簿', 'book.title': '在页面上编辑编码簿',
    'book.hint': '勾选题目组成量表（量表名即模型中的因子名），标出反向题和按有序类别分析的题目，写下要检验的模型；保存后用于全部分析和整体报告，也可下载为 YAML。',
    'book.scales': '量表', 'book.addScale': '添加量表', 'book.reverse': '反向题（计分时按 最小值 + 最大值 − 原值 反转）',
    'book.ordinal': '按有序类别分析的题目（多分格相关、WLSMV）', 'book.models': '模型（分析计划）', 'book.addModel': '添加模型',
    progress: (stage, done, total) => `正在计算：${stage === 'bootstrap' ? 'Bootstrap 重抽样' : stage} ${done}/${total}`,
    preview: '模型图预览', previewNote: (l, o) => `模型图预览（未估计）：${l} 个潜变量、${o} 个观测变量`,
    'book.sets': '取值标签（代码 1、2、… 依次对应的选项文字）', 'book.addSet': '添加取值标签', 'book.setName': '名称（如 agree7）',
    'book.setLabels': '选项文字（用逗号分隔）', 'book.values': '取值标签',
    'book.save': '保存编码簿', 'book.name': '名称', 'book.label': '中文名称', 'book.items': '题目', 'book.constructs': '由以下量表构成（二阶构念）',
    'book.remove': '删除', 'book.syntax': 'lavaan 模型语法', 'book.fromDraft': '以下是根据数据起草的编码簿：请改成你的构念（量表）后保存。',
    'book.fromUploaded': '以下是当前使用的编码簿。', 'book.saved': '已保存，全部分析和整体报告将使用它。',
    'data.reading': '读取设置', 'read.sheet': '工作表', 'read.headerRow': '表头所在行', 'read.encoding': '编码', 'read.layout': '版式',
    'read.missing': '缺失值代码', 'read.minSeconds': '最短用时（秒）', 'read.apply': '重新读取', auto: '自动',
    'col.column': '列', 'col.reason': '原因', 'col.rule': '规则', 'col.dropped': '剔除', 'col.name': '变量名', 'col.type': '类型',
    'col.label': '题目', 'col.labels': '取值标签', 'col.missing': '缺失',
    needData: '请先在“数据”页上传数据。', 'study.title': '整体研究报告',
    'study.hint': '按编码簿的分析计划依次完成样本、信度、探索性与验证性因子分析、相关、结构方程模型、Bootstrap 中介和假设检验，生成 Word、Excel 和 JSON。没有上传编码簿时使用起草的编码簿。',
    'study.lang': '报告语言', 'opt.pstyle': 'p 值写法', 'study.bootstrap': 'Bootstrap 次数', 'opt.seed': '随机种子',
    'study.run': '生成报告', 'study.docx': '下载 Word 报告', 'study.xlsx': '下载 Excel 表格', 'study.json': '下载 results.json',
    uploading: '正在上传并读取……', uploaded: '已读取', reading: '正在读取……', running: '正在计算……', done: '完成',
    rowsOf: (kept, read) => `${kept}（共读取 ${read} 份，剔除 ${read - kept} 份）`,
    none: '无', uploadedCodebook: '已上传', noCodebook: '未上传（分析不使用编码簿；整体报告使用起草的编码簿）',
    numeric: '数值', text: '文本', reason_header: '列名', reason_content: '内容', reason_codebook: '编码簿声明',
    noPersonal: '未发现个人信息列。', chooseFile: '请选择文件。', run: '运行', all: '全选', clear: '清除',
    syntaxLine: (l, c) => `模型语法第 ${l} 行第 ${c} 列`, failure: '统计失败', messages: '说明',
    downloadJSON: '下载 JSON', downloadHTML: '下载表格（HTML）', stage: (n, m) => `第 ${n} 步：${m}`,
    fromScales: '由编码簿的量表生成测量模型', addFactor: '添加因子', factorName: '因子名', factorItems: '因子的题项',
    noScales: '编码簿没有量表：用下面的“添加因子”勾选题项。', planModel: '编码簿分析计划中的模型', masked: (c, n, k) => `列 ${c} 中 ${n} 个单元格的个人信息已遮盖（${k}）`,
    studyDone: '报告已生成', studyFailures: '以下模型未能估计：',
    'data.examplesHint': '或打开随 ClusterStat 提供的示例数据（连同其编码簿）试用：', 'data.exampleOpen': '打开示例',
    'coupling.title': '耦合协调与灰色关联（可选）', 'coupling.data': '指标数据（.csv）', 'coupling.codebook': '指标编码簿（.yaml）',
    'coupling.hint': '第二份数据：每行一个单位（企业、地区），每列一个指标（CSV），以及它的指标编码簿（系统 → 维度 → 指标、效益/成本方向、结果变量）。两者都上传并读取成功后，报告增加熵值法、耦合协调度与灰色关联分析一章。',
    'coupling.upload': '上传', 'coupling.remove': '不做这一章',
    couplingState: (c) => c.ready ? `已就绪：${c.data}，${c.units} 个单位，系统 ${c.systems.join('、')}；报告将包含耦合协调一章。`
      : (c.data || c.codebook) ? `已上传${c.data ? `数据 ${c.data}` : ''}${c.data && c.codebook ? '和' : ''}${c.codebook ? '编码簿' : ''}；还需要${c.data ? '编码簿' : '数据'}。` : '未上传：报告不含耦合协调一章。',
    rule_straightlining: '直线作答', rule_too_fast: '用时过短', rule_duplicate: '重复提交', rule_too_much_missing: '缺失过多',
  },
  en: {
    subtitle: 'questionnaire analysis on this computer', privacy: 'Your data are processed on this computer only and never uploaded anywhere; columns holding names, phones, e-mails, IPs or ID numbers are left out.',
    'tab.data': 'Data', 'tab.analyses': 'Analyses', 'tab.study': 'Study report',
    'data.upload': 'Upload data', 'data.formats': '问卷星 export (.xlsx/.csv), Excel, SPSS (.sav), CSV (UTF-8 or GBK).',
    'data.screen': 'Drop invalid responses (straight-lining, too fast, duplicates, too much missing)', 'data.uploadButton': 'Upload and read',
    'data.summary': 'Summary', 'data.file': 'File', 'data.format': 'Format', 'data.layout': 'Layout', 'data.rows': 'Valid responses',
    'data.codebook': 'Codebook', 'data.personal': 'Personal-data columns left out',
    'data.personalHint': 'These columns enter no analysis, no result and no download; only their names and the reason are shown.',
    'data.screening': 'Screening', 'data.columns': 'Variables', 'data.codebookTitle': 'Codebook (scales, reverse items, values)',
    'data.codebookHint': 'Download the codebook drafted from the data, edit it, and upload it; an uploaded codebook is used by every analysis and the study.',
    'data.draft': 'Download the drafted codebook', 'data.codebookUpload': 'Upload codebook', 'data.codebookRemove': 'No codebook',
    'data.current': 'Download the codebook in use', 'book.title': 'Edit the codebook here',
    'book.hint': "Tick items to form scales (a scale's name is its factor's name in the models), mark reverse-worded items and items to analyse as ordinal, and write the models to test; saved, it is used by every analysis and the study, and can be downloaded as YAML.",
    'book.scales': 'Scales', 'book.addScale': 'Add a scale', 'book.reverse': 'Reverse-worded items (scored min + max − answer)',
    'book.ordinal': 'Items analysed as ordinal (polychoric correlations, WLSMV)', 'book.models': 'Models (analysis plan)', 'book.addModel': 'Add a model',
    progress: (stage, done, total) => `Computing: ${stage} ${done}/${total}`,
    preview: 'Model preview', previewNote: (l, o) => `Preview of the model (not estimated): ${l} latent and ${o} observed variables`,
    'book.sets': 'Answer labels (the texts of codes 1, 2, … in order)', 'book.addSet': 'Add answer labels', 'book.setName': 'Name (e.g. agree7)',
    'book.setLabels': 'Option texts, comma-separated', 'book.values': 'Answer labels',
    'book.save': 'Save the codebook', 'book.name': 'Name', 'book.label': 'Label', 'book.items': 'Items', 'book.constructs': 'Formed of these scales (second order)',
    'book.remove': 'Remove', 'book.syntax': 'lavaan model syntax', 'book.fromDraft': 'This is the codebook drafted from the data: change it to your constructs (scales) and save.',
    'book.fromUploaded': 'This is the codebook in use.', 'book.saved': 'Saved; every analysis and the study use it.',
    'data.reading': 'Reading', 'read.sheet': 'Sheet', 'read.headerRow': 'Header row', 'read.encoding': 'Encoding', 'read.layout': 'Layout',
    'read.missing': 'Missing codes', 'read.minSeconds': 'Minimum seconds', 'read.apply': 'Read again', auto: 'auto',
    'col.column': 'Column', 'col.reason': 'Reason', 'col.rule': 'Rule', 'col.dropped': 'Dropped', 'col.name': 'Name', 'col.type': 'Type',
    'col.label': 'Question', 'col.labels': 'Value labels', 'col.missing': 'Missing',
    needData: 'Upload data in the Data tab first.', 'study.title': 'Study report',
    'study.hint': "Runs the codebook's analysis plan: sample, reliability, EFA and CFA, correlations, structural models, bootstrap mediation and hypotheses, and writes Word, Excel and JSON. Without an uploaded codebook the drafted one is used.",
    'study.lang': 'Report language', 'opt.pstyle': 'p values', 'study.bootstrap': 'Bootstrap resamples', 'opt.seed': 'Seed',
    'study.run': 'Write the report', 'study.docx': 'Download Word report', 'study.xlsx': 'Download Excel tables', 'study.json': 'Download results.json',
    uploading: 'Uploading and reading…', uploaded: 'Read', reading: 'Reading…', running: 'Computing…', done: 'Done',
    rowsOf: (kept, read) => `${kept} (of ${read} read, ${read - kept} dropped)`,
    none: 'none', uploadedCodebook: 'uploaded', noCodebook: 'none (analyses run without one; the study uses the drafted one)',
    numeric: 'numeric', text: 'text', reason_header: 'header', reason_content: 'content', reason_codebook: 'codebook',
    noPersonal: 'No personal-data column found.', chooseFile: 'Choose a file.', run: 'Run', all: 'all', clear: 'clear',
    syntaxLine: (l, c) => `model syntax, line ${l}, column ${c}`, failure: 'Statistical failure', messages: 'Notes',
    downloadJSON: 'Download JSON', downloadHTML: 'Download tables (HTML)', stage: (n, m) => `step ${n}: ${m}`,
    fromScales: "Build the measurement model from the codebook's scales", addFactor: 'Add factor', factorName: 'Factor name', factorItems: "The factor's items",
    noScales: 'The codebook has no scales: tick items under "Add factor".', planModel: "A model of the codebook's plan", masked: (c, n, k) => `personal data masked in ${c}: ${n} cells (${k})`,
    studyDone: 'Report written', studyFailures: 'Models that could not be estimated: ',
    'data.examplesHint': 'Or open a data set shipped with ClusterStat (with its codebook) to try things out:', 'data.exampleOpen': 'Open example',
    'coupling.title': 'Coupling coordination and grey relational analysis (optional)', 'coupling.data': 'Indicator data (.csv)', 'coupling.codebook': 'Indicator codebook (.yaml)',
    'coupling.hint': 'A second data set: one row per unit (firm, region), one column per indicator (CSV), and its indicator codebook (systems → dimensions → indicators, benefit/cost direction, outcomes). Once both are uploaded and read, the report gains a chapter of entropy weights, coupling coordination and grey relational analysis.',
    'coupling.upload': 'Upload', 'coupling.remove': 'Leave this chapter out',
    couplingState: (c) => c.ready ? `Ready: ${c.data}, ${c.units} units, systems ${c.systems.join(', ')}; the report will have the coupling chapter.`
      : (c.data || c.codebook) ? `Uploaded: ${[c.data, c.codebook ? 'the codebook' : null].filter(Boolean).join(' and ')}; still needed: ${c.data ? 'the codebook' : 'the data'}.` : 'None uploaded: the report has no coupling chapter.',
    rule_straightlining: 'straight-lining', rule_too_fast: 'too fast', rule_duplicate: 'duplicate submissions', rule_too_much_missing: 'too much missing',
  },
};

// The analyses and their forms: each field is one option of the CLI command.
const L = (zh, en) => ({ zh, en });
const NORMALIZE = ['', 'none', 'initial', 'mean', 'minmax', 'interval', 'zscore'];
const USE = { name: 'use', type: 'select', label: L('缺失值处理', 'Missing values'), options: ['pairwise', 'listwise'] };
const MODEL_FIELDS = [
  { name: 'syntax', type: 'syntax', label: L('模型（lavaan 语法）', 'Model (lavaan syntax)') },
  { name: 'estimator', type: 'select', label: L('估计方法', 'Estimator'), options: ['', 'ml', 'mlr', 'mlm', 'gls', 'uls', 'wlsmv', 'ulsmv', 'dwls', 'wls'] },
  { name: 'ordered', type: 'text', label: L('定序变量（all 或列名）', 'Ordered variables (all or columns)') },
  { name: 'missing', type: 'select', label: L('缺失值', 'Missing data'), options: ['listwise', 'fiml'] },
  { name: 'group', type: 'col', label: L('分组变量（多组）', 'Group column (multi-group)') },
  { name: 'group-equal', type: 'text', label: L('组间相等约束', 'Equal across groups'), placeholder: 'loadings,intercepts' },
  { name: 'std-lv', type: 'flag', label: L('潜变量方差固定为 1', 'Latent variances fixed to 1 (std.lv)') },
];
const KINDS = [
  { kind: 'describe', label: L('描述统计与频数', 'Descriptives & frequencies'), fields: [
    { name: 'items', type: 'cols', label: L('变量（不选则全部）', 'Variables (none ticked: all)') },
    { name: 'freq', type: 'cols', label: L('另做频数表的数值变量', 'Numeric columns to tabulate too') } ] },
  { kind: 'reliability', label: L('信度分析', 'Reliability'), fields: [
    { name: 'scale', type: 'scales', label: L('量表（编码簿）', 'Scales (codebook)') },
    { name: 'items', type: 'cols', numeric: true, label: L('或：一个量表的题项', 'Or: the items of one scale') },
    { name: 'check-keys', type: 'flag', label: L('自动识别反向题（check.keys）', 'Find reverse-keyed items (check.keys)') },
    { name: 'ordinal', type: 'flag', label: L('定序 α（多分格相关）', 'Ordinal α (polychoric)') }, USE ] },
  { kind: 'adequacy', label: L('KMO 与 Bartlett 检验', 'KMO and Bartlett'), fields: [
    { name: 'items', type: 'cols', numeric: true, label: L('题项', 'Items') },
    { name: 'cor', type: 'select', label: L('相关矩阵', 'Correlations'), options: ['pearson', 'poly'] }, USE ] },
  { kind: 'efa', label: L('探索性因子分析', 'Exploratory factor analysis'), fields: [
    { name: 'items', type: 'cols', numeric: true, label: L('题项', 'Items') },
    { name: 'factors', type: 'text', label: L('因子数（auto＝平行分析）', 'Factors (auto: parallel analysis)'), value: 'auto' },
    { name: 'extract', type: 'select', label: L('提取方法', 'Extraction'), options: ['minres', 'pa', 'ml', 'pca'] },
    { name: 'rotate', type: 'select', label: L('旋转', 'Rotation'), options: ['', 'oblimin', 'varimax', 'promax', 'quartimax', 'geomin', 'none'] },
    { name: 'cut', type: 'number', label: L('隐藏小于此值的载荷', 'Hide loadings below'), step: '0.05' },
    { name: 'cor', type: 'select', label: L('相关矩阵', 'Correlations'), options: ['pearson', 'poly'] }, USE ] },
  { kind: 'cfa', label: L('验证性因子分析', 'Confirmatory factor analysis'), fields: [
    ...MODEL_FIELDS, { name: 'modindices', type: 'flag', label: L('修正指数', 'Modification indices') },
    { name: 'layout', type: 'select', label: L('表格样式', 'Table layout'), options: ['amos', 'lavaan'] } ] },
  { kind: 'sem', label: L('结构方程模型', 'Structural equation model'), fields: [
    ...MODEL_FIELDS,
    { name: 'se', type: 'select', label: L('标准误', 'Standard errors'), options: ['standard', 'bootstrap'] },
    { name: 'bootstrap', type: 'number', label: L('Bootstrap 次数', 'Bootstrap resamples'), placeholder: '1000' },
    { name: 'seed', type: 'number', label: L('随机种子', 'Seed'), placeholder: '1' },
    { name: 'layout', type: 'select', label: L('表格样式', 'Table layout'), options: ['amos', 'lavaan'] } ] },
  { kind: 'corr', label: L('相关分析', 'Correlations'), fields: [
    { name: 'items', type: 'cols', numeric: true, label: L('变量', 'Variables') },
    { name: 'method', type: 'select', label: L('方法', 'Method'), options: ['pearson', 'spearman', 'polychoric'] }, USE ] },
  { kind: 'process', label: L('中介与调节（PROCESS）', 'Mediation & moderation (PROCESS)'), fields: [
    { name: 'model', type: 'select', label: L('模型编号', 'Model number'), options: ['4', '1', '2', '3', '6', '7', '8', '14', '15', '58', '59'] },
    { name: 'x', type: 'col', label: L('自变量 X', 'X') }, { name: 'y', type: 'col', label: L('因变量 Y', 'Y') },
    { name: 'm', type: 'cols', numeric: true, label: L('中介变量 M', 'Mediators M') },
    { name: 'w', type: 'col', label: L('调节变量 W', 'Moderator W') }, { name: 'z', type: 'col', label: L('调节变量 Z', 'Moderator Z') },
    { name: 'cov', type: 'cols', numeric: true, label: L('控制变量', 'Covariates') },
    { name: 'center', type: 'select', label: L('中心化', 'Centring'), options: ['none', 'mean'] },
    { name: 'bootstrap', type: 'number', label: L('Bootstrap 次数', 'Bootstrap resamples'), placeholder: '5000' },
    { name: 'seed', type: 'number', label: L('随机种子', 'Seed') } ] },
  { kind: 'ttest', label: L('t 检验', 't tests'), fields: [
    { name: 'y', type: 'cols', numeric: true, label: L('检验变量', 'Test variables') },
    { name: 'group', type: 'col', label: L('分组变量（独立样本）', 'Group (independent samples)') },
    { name: 'levels', type: 'text', label: L('比较的两组', 'The two groups'), placeholder: '1,2' },
    { name: 'mu', type: 'number', label: L('或：检验值（单样本）', 'Or: test value (one sample)') } ] },
  { kind: 'anova', label: L('方差分析', 'One-way ANOVA'), fields: [
    { name: 'y', type: 'cols', numeric: true, label: L('因变量', 'Outcomes') },
    { name: 'group', type: 'col', label: L('分组变量', 'Group') },
    { name: 'posthoc', type: 'text', label: L('事后比较', 'Post hoc'), placeholder: 'tukey,games-howell,lsd,bonferroni,scheffe' } ] },
  { kind: 'crosstab', label: L('交叉表与卡方', 'Cross-tabulation'), fields: [
    { name: 'rows', type: 'col', label: L('行变量', 'Rows') }, { name: 'cols', type: 'col', label: L('列变量', 'Columns') } ] },
  { kind: 'regress', label: L('（分层）回归', 'Hierarchical regression'), fields: [
    { name: 'y', type: 'col', label: L('因变量', 'Outcome') },
    { name: 'block', type: 'lines', label: L('自变量：每行一层，如 x1,x2', 'Predictors: one block per line, e.g. x1,x2') },
    { name: 'robust', type: 'select', label: L('标准误', 'Standard errors'), options: ['none', 'hc3'] },
    { name: 'standardize', type: 'flag', label: L('标准化', 'Standardise') } ] },
  { kind: 'invariance', label: L('测量不变性', 'Measurement invariance'), fields: [
    { name: 'syntax', type: 'syntax', label: L('测量模型（lavaan 语法）', 'Measurement model (lavaan syntax)') },
    { name: 'group', type: 'col', label: L('分组变量', 'Group') },
    { name: 'through', type: 'select', label: L('检验到', 'Through'), options: ['strict', 'scalar', 'metric', 'configural'] } ] },
  { kind: 'cmb', label: L('共同方法偏差', 'Common method bias'), fields: [
    { name: 'scale', type: 'scales', label: L('量表（编码簿）', 'Scales (codebook)') } ] },
  { kind: 'grey', label: L('灰色关联分析', 'Grey relational analysis'), fields: [
    { name: 'reference', type: 'col', label: L('参考序列', 'Reference series') },
    { name: 'compare', type: 'cols', numeric: true, label: L('比较序列', 'Compared series') },
    { name: 'normalize', type: 'select', label: L('无量纲化', 'Normalisation'), options: NORMALIZE },
    { name: 'rho', type: 'number', label: L('分辨系数 ρ', 'Distinguishing coefficient ρ'), placeholder: '0.5', step: '0.1' },
    { name: 'degree', type: 'select', label: L('关联度', 'Degree'), options: ['deng', 'absolute', 'relative', 'synthetic'] },
    { name: 'cost', type: 'cols', numeric: true, label: L('成本型指标（越小越好）', 'Cost indicators (smaller is better)') },
    { name: 'id', type: 'col', label: L('单位标签列', "Units' label column") } ] },
  { kind: 'entropy', label: L('熵值法与 TOPSIS', 'Entropy weights & TOPSIS'), fields: [
    { name: 'items', type: 'cols', numeric: true, label: L('指标', 'Indicators') },
    { name: 'cost', type: 'cols', numeric: true, label: L('成本型指标（越小越好）', 'Cost indicators (smaller is better)') },
    { name: 'normalize', type: 'select', label: L('无量纲化', 'Normalisation'), options: NORMALIZE },
    { name: 'topsis', type: 'flag', label: L('熵权 TOPSIS', 'Entropy-weighted TOPSIS') },
    { name: 'id', type: 'col', label: L('单位标签列', "Units' label column") } ] },
  { kind: 'coupling', label: L('耦合协调度', 'Coupling coordination'), fields: [
    { name: 'system', type: 'lines', label: L('系统：每行一个，名称=指标，如 NC=NV1:NP3', 'Systems: one per line, NAME=COLS, e.g. NC=NV1:NP3') },
    { name: 'cost', type: 'cols', numeric: true, label: L('成本型指标（越小越好）', 'Cost indicators (smaller is better)') },
    { name: 'normalize', type: 'select', label: L('无量纲化', 'Normalisation'), options: NORMALIZE },
    { name: 'weights', type: 'text', label: L('指标权重（entropy、equal 或数值）', 'Indicator weights (entropy, equal or numbers)'), placeholder: 'entropy' },
    { name: 'model', type: 'select', label: L('耦合度模型', 'Coupling model'), options: ['standard', 'wang'] },
    { name: 'id', type: 'col', label: L('单位标签列', "Units' label column") } ] },
];

let lang = localStorage.getItem('clusterstat.lang') === 'en' ? 'en' : 'zh';
let dataset = null;
let currentKind = 'describe';
const $ = (id) => document.getElementById(id);
const t = (key, ...args) => { const v = I18N[lang][key] ?? I18N.zh[key] ?? key; return typeof v === 'function' ? v(...args) : v; };

/// Builds an element; children are nodes or strings (set as text, never as HTML).
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick') e.addEventListener('click', v); else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function api(method, path, body, headers = {}) {
  const response = await fetch(path, { method, body, headers, credentials: 'same-origin' });
  const type = response.headers.get('content-type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error((data && data.error) || `${response.status}`);
    Object.assign(error, { status: response.status, line: data && data.line, column: data && data.column });
    throw error;
  }
  return data;
}

function status(id, text, isError = false) {
  const p = $(id);
  p.textContent = text;
  p.classList.toggle('error', isError);
}

// ---- language and tabs

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  $('lang-zh').classList.toggle('on', lang === 'zh');
  $('lang-en').classList.toggle('on', lang === 'en');
  buildMenu();
  loadExamples();
  if (dataset) { showDataset(dataset); loadBook(true); }
  buildForm();
}

function showTab(name) {
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('on', b.dataset.tab === name);
  for (const s of document.querySelectorAll('.tab')) s.classList.toggle('on', s.id === `tab-${name}`);
}

// ---- data

async function upload() {
  const file = $('file').files[0];
  if (!file) { status('upload-status', t('chooseFile'), true); return; }
  const query = $('screen').checked ? '' : '?screen=0';
  await newDataset('upload', () => api('POST', `/api/datasets${query}`, file, { 'X-Filename': encodeURIComponent(file.name) }));
}

// A new dataset (an upload or a shipped example): the button held while the server reads it, then its summary.
async function newDataset(button, request) {
  $(button).disabled = true;
  status('upload-status', t('uploading'));
  try {
    const summary = await request();
    showDataset(summary);
    status('upload-status', `${t('uploaded')}: ${summary.file}`);
  } catch (e) {
    status('upload-status', e.message, true);
  } finally {
    $(button).disabled = false;
  }
}

function showDataset(summary) {
  dataset = summary;
  document.body.classList.add('has-data');
  for (const p of document.querySelectorAll('.need-data')) p.hidden = true;
  $('dataset').hidden = false;
  $('ds-file').textContent = summary.file;
  $('ds-format').textContent = summary.format + (summary.encoding ? ` (${summary.encoding})` : '');
  $('ds-layout').textContent = summary.layout || t('none');
  const s = summary.screening;
  $('rows').textContent = s ? t('rowsOf', s.rows_kept, s.rows_read) : String(summary.rows);
  $('ds-codebook').textContent = summary.codebook === 'uploaded' ? t('uploadedCodebook') : t('noCodebook');
  $('ds-notes').replaceChildren(...[...(lang === 'zh' ? summary.notes_zh : summary.notes), ...(lang === 'zh' ? summary.codebook_notes_zh : summary.codebook_notes)].map((n) => el('li', {}, n)));
  const personal = $('personal').tBodies[0];
  personal.replaceChildren(...summary.personal.map((p) => el('tr', {}, el('td', {}, p.column),
    el('td', {}, t(`reason_${p.reason}`) + (p.found ? `: ${p.found}` : '')))));
  for (const m of summary.masked) personal.append(el('tr', {}, el('td', {}, m.column), el('td', {}, t('masked', m.column, m.cells, m.found.join(', ')))));
  if (!personal.rows.length) personal.append(el('tr', {}, el('td', { colspan: 2 }, t('noPersonal'))));
  $('screening-card').hidden = !s;
  if (s) {
    $('screening-summary').textContent = t('rowsOf', s.rows_kept, s.rows_read) + (s.skipped.length ? ` — ${s.skipped.join('; ')}` : '');
    $('screening').tBodies[0].replaceChildren(...s.rules.map((r) => el('tr', {}, el('td', {}, t(`rule_${r.rule}`) + (r.threshold != null ? ` (${r.threshold})` : '')), el('td', {}, r.flagged))));
  }
  $('columns').tBodies[0].replaceChildren(...summary.columns.map((c) => el('tr', {},
    el('td', {}, c.name), el('td', {}, t(c.type)), el('td', {}, c.label || ''),
    el('td', {}, (c.labels || []).map((l) => `${l.code}=${l.label}`).join('  ')), el('td', {}, c.missing))));
  status('coupling-status', t('couplingState', summary.coupling));
  $('draft-link').href = `/api/datasets/${summary.id}/codebook`;
  $('current-link').href = `/api/datasets/${summary.id}/codebook/current`;
  $('current-link').hidden = summary.codebook !== 'uploaded';
  const form = $('reading');
  for (const [k, v] of Object.entries(summary.reading)) if (form.elements[k]) form.elements[k].value = v ?? '';
  $('screen').checked = summary.reading.screen;
  buildForm();
  if (bookFor !== summary.id) loadBook(true);
}

async function loadExamples() {
  try {
    const { examples } = await api('GET', '/api/examples');
    $('example').replaceChildren(...examples.map((e) => el('option', { value: e.name }, lang === 'zh' ? e.title_zh : e.title)));
    $('examples-box').hidden = examples.length === 0;
  } catch (_) { $('examples-box').hidden = true; }
}

async function openExample() {
  const name = $('example').value;
  if (name) await newDataset('example-open', () => api('POST', `/api/examples/${encodeURIComponent(name)}`));
}

async function uploadCoupling() {
  if (!dataset) { status('coupling-status', t('needData'), true); return; }
  const data = $('coupling-data').files[0], book = $('coupling-codebook').files[0];
  if (!data && !book) { status('coupling-status', t('chooseFile'), true); return; }
  status('coupling-status', t('reading'));
  try {
    let summary = dataset;
    if (data) summary = await api('PUT', `/api/datasets/${dataset.id}/coupling/data`, data, { 'X-Filename': encodeURIComponent(data.name) });
    if (book) summary = await api('PUT', `/api/datasets/${dataset.id}/coupling/codebook`, book, { 'Content-Type': 'application/yaml' });
    showDataset(summary);
  } catch (e) { status('coupling-status', e.message, true); }
}

async function removeCoupling() {
  if (!dataset) return;
  try { showDataset(await api('DELETE', `/api/datasets/${dataset.id}/coupling`)); } catch (e) { status('coupling-status', e.message, true); }
}

async function applyReading() {
  if (!dataset) return;
  const body = { screen: $('screen').checked };
  for (const e of $('reading').elements) if (e.name && e.value !== '') body[e.name] = e.type === 'number' ? Number(e.value) : e.value;
  status('reading-status', t('reading'));
  try {
    showDataset(await api('PUT', `/api/datasets/${dataset.id}/reading`, JSON.stringify(body), { 'Content-Type': 'application/json' }));
    status('reading-status', t('done'));
  } catch (e) { status('reading-status', e.message, true); }
}

async function uploadCodebook() {
  const file = $('codebook-file').files[0];
  if (!dataset || !file) { status('codebook-status', t('chooseFile'), true); return; }
  status('codebook-status', t('reading'));
  try {
    showDataset(await api('PUT', `/api/datasets/${dataset.id}/codebook`, file, { 'Content-Type': 'application/yaml' }));
    await loadBook(true);
    status('codebook-status', t('done'));
  } catch (e) { status('codebook-status', e.message, true); }
}

async function removeCodebook() {
  if (!dataset) return;
  try {
    showDataset(await api('DELETE', `/api/datasets/${dataset.id}/codebook`));
    await loadBook(true);
    status('codebook-status', t('done'));
  } catch (e) { status('codebook-status', e.message, true); }
}

// ---- the codebook editor (a form over GET/PUT /codebook/form; the server writes the YAML)

let book = null;
let bookFor = null;

async function loadBook(force = false) {
  if (!dataset || (!force && bookFor === dataset.id && book)) return;
  try {
    book = await api('GET', `/api/datasets/${dataset.id}/codebook/form?lang=${lang}`);
    bookFor = dataset.id;
    showBook();
  } catch (e) { status('book-status', e.message, true); }
}

function ratingVariables() {
  return book.variables.filter((v) => ['likert', 'ordinal', 'numeric'].includes(v.type)).map((v) => v.name);
}

function tickList(names, checked, label) {
  const box = ticks('', names);
  for (const i of box.querySelectorAll('input')) {
    i.checked = checked.includes(i.value);
    const v = book.variables.find((x) => x.name === i.value);
    if (v && v.label && label) i.parentElement.title = v.label;
  }
  return box;
}

function checkedIn(box) { return [...box.querySelectorAll('input:checked')].map((i) => i.value); }

function setEntry(v) {
  const entry = el('div', { class: 'book-entry set' },
    el('div', { class: 'row' },
      el('label', {}, t('book.setName'), el('input', { 'data-field': 'setname', value: v.name || '', size: 10 })),
      el('label', {}, t('book.setLabels'), el('input', { 'data-field': 'labels', value: (v.labels || []).join('，'), size: 60 })),
      el('button', { type: 'button', class: 'remove', onclick: () => entry.remove() }, t('book.remove'))));
  return entry;
}

/// The value set every item of a scale shares ('' when they differ or have none).
function sharedSet(items) {
  const sets = new Set((items || []).map((n) => (book.variables.find((v) => v.name === n) || {}).values || ''));
  return sets.size === 1 ? [...sets][0] : '';
}

function scaleEntry(s) {
  const names = book.scales.map((x) => x.name).filter((n) => n !== s.name);
  const shared = sharedSet(s.items);
  const setSelect = el('select', { 'data-field': 'values' }, el('option', { value: '' }, '—'),
    ...book.value_sets.map((v) => el('option', v.name === shared ? { value: v.name, selected: true } : { value: v.name }, `${v.name}: ${v.labels.join(' / ')}`)));
  const entry = el('div', { class: 'book-entry scale' },
    el('div', { class: 'row' },
      el('label', {}, t('book.name'), el('input', { 'data-field': 'name', value: s.name || '', size: 8 })),
      el('label', {}, t('book.label'), el('input', { 'data-field': 'label', value: s.label || '', size: 18 })),
      el('label', {}, t('book.values'), setSelect),
      el('button', { type: 'button', class: 'remove', onclick: () => entry.remove() }, t('book.remove'))),
    el('div', { class: 'field' }, t('book.items'), tickList(ratingVariables(), s.items || [], true)));
  if (names.length) {
    const c = tickList(names, s.constructs || [], false);
    c.classList.add('constructs');
    entry.append(el('details', s.constructs && s.constructs.length ? { open: true } : {}, el('summary', {}, t('book.constructs')), c));
  }
  return entry;
}

function modelEntry(m) {
  const entry = el('div', { class: 'book-entry model' },
    el('div', { class: 'row' },
      el('label', {}, t('book.name'), el('input', { 'data-field': 'name', value: m.name || '', size: 10 })),
      el('label', {}, t('book.label'), el('input', { 'data-field': 'label', value: m.label || '', size: 18 })),
      el('button', { type: 'button', class: 'remove', onclick: () => entry.remove() }, t('book.remove'))),
    el('label', { class: 'field' }, t('book.syntax'), el('textarea', { 'data-field': 'syntax', spellcheck: 'false' }, m.syntax || '')));
  return entry;
}

function showBook() {
  if (!book) return;
  $('book-source').textContent = book.source === 'drafted' ? t('book.fromDraft') : t('book.fromUploaded');
  $('book-sets').replaceChildren(...book.value_sets.map(setEntry));
  $('book-scales').replaceChildren(...book.scales.map(scaleEntry));
  const rating = ratingVariables();
  $('book-reverse').replaceChildren(tickList(rating, book.variables.filter((v) => v.reverse).map((v) => v.name), true));
  $('book-ordinal').replaceChildren(tickList(rating, book.variables.filter((v) => v.type === 'ordinal').map((v) => v.name), true));
  $('book-models').replaceChildren(...book.models.map(modelEntry));
}

function collectBook() {
  const reverse = checkedIn($('book-reverse'));
  const ordinal = checkedIn($('book-ordinal'));
  const rating = ratingVariables();
  const variables = rating.map((name) => {
    const v = book.variables.find((x) => x.name === name);
    const type = ordinal.includes(name) ? 'ordinal' : (v.type === 'ordinal' ? 'likert' : v.type);
    return { name, type, reverse: reverse.includes(name) };
  });
  const scales = [...$('book-scales').querySelectorAll('.scale')].map((e) => {
    const boxes = e.querySelectorAll('.ticks');
    const constructs = e.querySelector('.constructs');
    return { name: e.querySelector('[data-field=name]').value.trim(), label: e.querySelector('[data-field=label]').value,
      items: checkedIn(boxes[0]), constructs: constructs ? checkedIn(constructs) : [] };
  });
  // A scale's answer labels go to each of its items.
  const setOf = {};
  for (const e of $('book-scales').querySelectorAll('.scale')) {
    const set = e.querySelector('[data-field=values]').value;
    if (set) for (const i of checkedIn(e.querySelectorAll('.ticks')[0])) setOf[i] = set;
  }
  for (const v of variables) if (setOf[v.name]) v.values = setOf[v.name];
  const valueSets = [...$('book-sets').querySelectorAll('.set')].map((e) => ({
    name: e.querySelector('[data-field=setname]').value.trim(),
    labels: e.querySelector('[data-field=labels]').value.split(/[,，、;；]/).map((x) => x.trim()).filter((x) => x) }))
    .filter((v) => v.name);
  const models = [...$('book-models').querySelectorAll('.model')].map((e) => ({
    name: e.querySelector('[data-field=name]').value.trim(), label: e.querySelector('[data-field=label]').value,
    syntax: e.querySelector('[data-field=syntax]').value }));
  return { variables, scales, models, value_sets: valueSets };
}

async function saveBook() {
  if (!dataset || !book) return;
  status('book-status', t('reading'));
  try {
    showDataset(await api('PUT', `/api/datasets/${dataset.id}/codebook/form`, JSON.stringify(collectBook()), { 'Content-Type': 'application/json' }));
    await loadBook(true);
    status('book-status', t('book.saved'));
  } catch (e) { status('book-status', e.message, true); }
}

// ---- analyses

function buildMenu() {
  $('menu').replaceChildren(...KINDS.map((k) => el('li', {}, el('button', {
    type: 'button', 'data-kind': k.kind, class: k.kind === currentKind ? 'on' : null,
    onclick: () => { currentKind = k.kind; buildMenu(); buildForm(); $('result').replaceChildren(); },
  }, k.label[lang]))));
}

function columnsOf(numericOnly) {
  return (dataset ? dataset.columns : []).filter((c) => !numericOnly || c.type === 'numeric').map((c) => c.name);
}

function ticks(name, names) {
  const box = el('div', { class: 'ticks', 'data-name': name },
    el('span', { class: 'tools' },
      el('a', { onclick: () => box.querySelectorAll('input').forEach((i) => { i.checked = true; }) }, t('all')),
      el('a', { onclick: () => box.querySelectorAll('input').forEach((i) => { i.checked = false; }) }, t('clear'))));
  for (const n of names) box.append(el('label', {}, el('input', { type: 'checkbox', value: n }), n));
  return box;
}

function fieldControl(f) {
  switch (f.type) {
    case 'cols': return ticks(f.name, columnsOf(f.numeric));
    case 'scales': return ticks(f.name, (dataset ? dataset.scales : []).map((s) => s.name));
    case 'col': return el('select', { name: f.name }, el('option', { value: '' }, '—'), ...columnsOf(false).map((n) => el('option', { value: n }, n)));
    case 'select': return el('select', { name: f.name }, ...f.options.map((o) => el('option', { value: o }, o || t('auto'))));
    case 'flag': return el('input', { type: 'checkbox', name: f.name });
    case 'number': return el('input', { type: 'number', name: f.name, step: f.step || 'any', placeholder: f.placeholder });
    case 'syntax': return el('textarea', { name: f.name, spellcheck: 'false', placeholder: 'F1 =~ x1 + x2 + x3\nF2 =~ x4 + x5 + x6\nF2 ~ F1' });
    case 'lines': return el('textarea', { name: f.name, spellcheck: 'false', placeholder: 'age,gender\nx1,x2' });
    default: return el('input', { name: f.name, value: f.value, placeholder: f.placeholder });
  }
}

function buildForm() {
  const spec = KINDS.find((k) => k.kind === currentKind);
  const form = $('analysis-form');
  form.replaceChildren(el('h2', {}, spec.label[lang]));
  for (const f of spec.fields) {
    const control = fieldControl(f);
    if (f.type === 'flag') form.append(el('label', { class: 'check' }, control, ' ', f.label[lang]));
    else form.append(el('div', { class: 'field' }, el('span', {}, f.label[lang]), control));
    if (f.type === 'syntax') form.append(livePreview(control), modelBuilder(control));
  }
  form.append(el('button', { type: 'submit', id: 'run-analysis' }, t('run')));
  form.append(el('p', { id: 'analysis-status', class: 'status' }));
}

/// The path diagram of the syntax as typed (POST /api/diagram, the server parses and draws; nothing is fitted),
/// redrawn a moment after the typing stops; a syntax error is named with its line instead.
function livePreview(textarea) {
  const box = el('div', { class: 'live-diagram', id: 'live-diagram' });
  const note = el('p', { class: 'hint', id: 'live-status' });
  let timer = null, sent = 0;
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const syntax = textarea.value;
      const mine = ++sent;
      if (!syntax.trim()) { box.replaceChildren(); note.textContent = ''; return; }
      try {
        const answer = await api('POST', '/api/diagram', JSON.stringify({ syntax }), { 'Content-Type': 'application/json' });
        if (mine !== sent) return;
        box.replaceChildren(el('img', { alt: t('preview'), src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(answer.svg)}` }));
        note.textContent = t('previewNote', answer.latent.length, answer.observed.length);
        note.classList.remove('error');
      } catch (e) {
        if (mine !== sent) return;
        note.textContent = e.line ? `${t('syntaxLine', e.line, e.column)}: ${e.message}` : e.message;
        note.classList.add('error');
      }
    }, 500);
  });
  return el('div', { class: 'field' }, note, box);
}

/// Builds lavaan syntax for the textarea: the codebook's scales, or a factor from ticked items.
function modelBuilder(textarea) {
  const name = el('input', { placeholder: 'F1', size: 8 });
  const items = ticks('factor-items', columnsOf(true));
  const hint = el('p', { class: 'hint' });
  const models = dataset ? dataset.models : [];
  const plan = models.length ? el('span', {}, t('planModel'), ' ', el('select', { id: 'plan-model' },
    el('option', { value: '' }, '—'), ...models.map((m) => el('option', { value: m.name }, m.label ? `${m.name}: ${m.label}` : m.name)))) : null;
  if (plan) {
    plan.querySelector('select').addEventListener('change', (e) => {
      const m = models.find((x) => x.name === e.target.value);
      if (m) { textarea.value = m.syntax.trimEnd(); textarea.dispatchEvent(new Event('input')); }
    });
  }
  return el('div', { class: 'field' }, plan,
    el('span', {}, el('button', { type: 'button', id: 'from-scales', onclick: () => {
      const scales = dataset ? dataset.scales : [];
      if (!scales.length) { hint.textContent = t('noScales'); return; }
      textarea.value = scales.map((s) => `${s.name} =~ ${s.items.join(' + ')}`).join('\n');
      textarea.dispatchEvent(new Event('input'));
    } }, t('fromScales'))),
    el('span', {}, t('factorName'), ' ', name, ' ', el('button', { type: 'button', onclick: () => {
      const picked = [...items.querySelectorAll('input:checked')].map((i) => i.value);
      if (!name.value || !picked.length) return;
      textarea.value = (textarea.value ? `${textarea.value.trimEnd()}\n` : '') + `${name.value} =~ ${picked.join(' + ')}`;
      items.querySelectorAll('input').forEach((i) => { i.checked = false; });
      name.value = '';
      textarea.dispatchEvent(new Event('input'));
    } }, t('addFactor'))),
    el('span', {}, t('factorItems')), items, hint);
}

function collectOptions() {
  const spec = KINDS.find((k) => k.kind === currentKind);
  const form = $('analysis-form');
  const options = { lang };
  for (const f of spec.fields) {
    if (f.type === 'cols' || f.type === 'scales') {
      const picked = [...form.querySelectorAll(`.ticks[data-name="${f.name}"] input:checked`)].map((i) => i.value);
      if (!picked.length) continue;
      if (f.type === 'scales') options[f.name] = picked.map((n) => `${n}=${dataset.scales.find((s) => s.name === n).items.join(',')}`);
      else options[f.name] = picked.join(',');
      continue;
    }
    const control = form.elements[f.name];
    if (!control) continue;
    if (f.type === 'flag') { if (control.checked) options[f.name] = true; continue; }
    const value = control.value.trim();
    if (!value) continue;
    options[f.name] = f.type === 'lines' ? value.split('\n').map((l) => l.trim()).filter(Boolean) : value;
  }
  return options;
}

async function runAnalysis(event) {
  event.preventDefault();
  if (!dataset) { status('analysis-status', t('needData'), true); return; }
  const button = $('run-analysis');
  button.disabled = true;
  status('analysis-status', t('running'));
  const options = collectOptions();
  // A bootstrap reports how far it is (GET …/analyses/progress) while the request runs.
  const poll = setInterval(async () => {
    try {
      const p = await api('GET', `/api/datasets/${dataset.id}/analyses/progress`);
      if (p.running && p.total > 0) status('analysis-status', t('progress', p.stage, p.done, p.total));
    } catch (e) { /* the result will say */ }
  }, 700);
  try {
    const result = await api('POST', `/api/datasets/${dataset.id}/analyses/${currentKind}`, JSON.stringify(options), { 'Content-Type': 'application/json' });
    status('analysis-status', t('done'));
    showResult(result);
  } catch (e) {
    status('analysis-status', e.message, true);
    $('result').replaceChildren();
    if (e.line && options.syntax) {
      $('result').append(syntaxError(options.syntax, e.line, e.column, e.message));
      $('result').scrollIntoView();
    }
  } finally {
    clearInterval(poll);
    button.disabled = false;
  }
}

/// The model syntax with line numbers, the line in error marked.
function syntaxError(syntax, line, column, message) {
  const lines = syntax.split('\n');
  const box = el('div', { class: 'syntax-error', id: 'syntax-error' }, el('div', {}, message.startsWith('model syntax') ? message : `${t('syntaxLine', line, column)}: ${message}`));
  lines.forEach((text, i) => box.append(el('span', { class: i + 1 === line ? 'bad' : null, style: 'display:block' }, `${String(i + 1).padStart(3)}  ${text}`)));
  return box;
}

/// The returned HTML page in a sandboxed frame (no scripts), sized to its content.
function frame(html, id) {
  const f = el('iframe', { sandbox: 'allow-same-origin', title: 'result', id });
  f.addEventListener('load', () => {
    try { f.style.height = `${f.contentDocument.documentElement.scrollHeight + 24}px`; } catch (_) { /* another origin: keep the minimum */ }
  });
  f.srcdoc = html;
  return f;
}

function download(text, name, type) {
  return el('a', { class: 'button', download: name, href: URL.createObjectURL(new Blob([text], { type })) }, name);
}

function showResult(result) {
  const box = $('result');
  box.replaceChildren();
  if (result.failure) box.append(el('p', { class: 'error' }, `${t('failure')}: ${result.failure}`));
  if (result.messages.length) box.append(el('ul', { class: 'messages' }, ...result.messages.map((m) => el('li', {}, m))));
  const files = result.downloads
    ? [el('a', { class: 'button', id: 'result-docx', href: result.downloads.docx, download: `${result.kind}.docx` }, 'Word'),
       el('a', { class: 'button', id: 'result-xlsx', href: result.downloads.xlsx, download: `${result.kind}.xlsx` }, 'Excel')]
    : [];
  box.append(el('p', {}, ...files, download(JSON.stringify(result.json, null, 2), `${result.kind}.json`, 'application/json'), download(result.html, `${result.kind}.html`, 'text/html')));
  box.append(frame(result.html, 'result-frame'));
  for (const f of result.figures) {
    box.append(el('div', { class: 'figure' }, el('img', { alt: f.name, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(f.svg)}` })));
  }
  box.scrollIntoView();
}

// ---- study

async function runStudy() {
  if (!dataset) { status('study-status', t('needData'), true); return; }
  const body = {};
  for (const e of $('study-form').elements) if (e.name && e.value !== '') body[e.name] = e.type === 'number' ? Number(e.value) : e.value;
  $('study-run').disabled = true;
  $('study-downloads').hidden = true;
  $('study-report').hidden = true;
  status('study-status', t('running'));
  const id = dataset.id;
  const poll = setInterval(async () => {
    try {
      const p = await api('GET', `/api/datasets/${id}/study/progress`);
      if (p.running && p.stage > 0) status('study-status', t('stage', p.stage, p.message));
    } catch (_) { /* the run's own answer reports errors */ }
  }, 1000);
  try {
    const outcome = await api('POST', `/api/datasets/${id}/study`, JSON.stringify(body), { 'Content-Type': 'application/json' });
    status('study-status', t('studyDone') + (outcome.failures.length ? ` — ${t('studyFailures')}${outcome.failures.join('; ')}` : ''), outcome.failures.length > 0);
    for (const [a, file] of [['dl-docx', 'report.docx'], ['dl-xlsx', 'report.xlsx'], ['dl-json', 'results.json']]) {
      $(a).href = `/api/datasets/${id}/study/${file}`;
      $(a).setAttribute('download', file);
    }
    $('study-downloads').hidden = false;
    const old = $('study-report');
    const f = frame(outcome.html, 'study-report');
    old.replaceWith(f);
    f.scrollIntoView();
  } catch (e) {
    status('study-status', e.message, true);
  } finally {
    clearInterval(poll);
    $('study-run').disabled = false;
  }
}

// ---- start

document.addEventListener('DOMContentLoaded', () => {
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('lang-zh').addEventListener('click', () => { lang = 'zh'; localStorage.setItem('clusterstat.lang', lang); applyLanguage(); });
  $('lang-en').addEventListener('click', () => { lang = 'en'; localStorage.setItem('clusterstat.lang', lang); applyLanguage(); });
  $('upload').addEventListener('click', upload);
  $('reading-apply').addEventListener('click', applyReading);
  $('codebook-upload').addEventListener('click', uploadCodebook);
  $('codebook-remove').addEventListener('click', removeCodebook);
  $('book-add-scale').addEventListener('click', () => { if (book) $('book-scales').append(scaleEntry({ name: '', items: [] })); });
  $('book-add-model').addEventListener('click', () => { if (book) $('book-models').append(modelEntry({ name: '', syntax: '' })); });
  $('book-add-set').addEventListener('click', () => { if (book) $('book-sets').append(setEntry({ name: '', labels: [] })); });
  $('book-save').addEventListener('click', saveBook);
  $('analysis-form').addEventListener('submit', runAnalysis);
  $('study-run').addEventListener('click', runStudy);
  $('example-open').addEventListener('click', openExample);
  $('coupling-upload').addEventListener('click', uploadCoupling);
  $('coupling-remove').addEventListener('click', removeCoupling);
  applyLanguage();
});
