// One error class, one catalogue of codes with HTTP status and zh/en messages, one body shape.
import { z } from 'zod';

const catalogue = {
  VALIDATION_FAILED: { status: 400, zh: '输入有误', en: 'Invalid input' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'Request payload too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多,账号已临时锁定',
    en: 'Too many failed sign-ins; the account is locked for a while',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  OTP_INVALID: { status: 400, zh: '验证码错误、已过期或已使用', en: 'The code is wrong, expired or already used' },
  WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  WEAK_PASSWORD: {
    status: 400,
    zh: '密码至少 10 位,且须包含字母和数字',
    en: 'Passwords need at least 10 characters with letters and digits',
  },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'Not allowed' },
  OUT_OF_SCOPE: { status: 403, zh: '超出您的管辖范围', en: 'Outside the units you manage' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  CONFLICT: { status: 409, zh: '与已有记录冲突', en: 'Conflicts with an existing record' },
  ORG_CODE_TAKEN: { status: 409, zh: '单位代码已被使用', en: 'The unit code is already in use' },
  ORG_CYCLE: {
    status: 409,
    zh: '不能把单位移到它自己或其下级单位之下',
    en: 'A unit cannot move under itself or its own descendant',
  },
  ORG_PARENT_TYPE: {
    status: 422,
    zh: '该类型的单位不能设在所选上级之下',
    en: 'A unit of this type cannot sit under the chosen parent',
  },
  ORG_INACTIVE_PARENT: { status: 422, zh: '上级单位已停用', en: 'The parent unit is inactive' },
  ORG_HAS_ACTIVE_CHILDREN: { status: 409, zh: '请先停用其下级单位', en: 'Deactivate its child units first' },
  ORG_ROOT_LOCKED: { status: 422, zh: '根单位不能移动', en: 'A root unit cannot be moved' },
  PERSON_DUPLICATE_ID: { status: 409, zh: '该证件号码已登记', en: 'This ID number is already registered' },
  INVALID_ID_NUMBER: { status: 400, zh: '证件号码无效', en: 'Invalid ID number' },
  INVALID_PHONE: { status: 400, zh: '手机号码无效', en: 'Invalid phone number' },
  IMPORT_INVALID_FILE: { status: 400, zh: '文件不是有效的 Excel 工作簿', en: 'The file is not a valid Excel workbook' },
  IMPORT_WRONG_COLUMNS: { status: 400, zh: '表头与模板不一致', en: 'The columns do not match the template' },
  IMPORT_ROWS_INVALID: {
    status: 422,
    zh: '部分行有误,整个文件未导入',
    en: 'Some rows are invalid; nothing was imported',
  },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'The username is taken' },
  FILE_INVALID: {
    status: 400,
    zh: '文件无效:须为 PDF、PNG、JPEG 或 WebP 且不能为空',
    en: 'Invalid file: it must be a non-empty PDF, PNG, JPEG or WebP',
  },
  AMOUNT_INVALID: {
    status: 400,
    zh: '金额无效:须为大于零的整数分',
    en: 'Invalid amount: it must be a whole number of fen above zero',
  },
  AMOUNT_TOO_LARGE: { status: 422, zh: '金额超过允许的上限', en: 'The amount is above the allowed maximum' },
  PROJECT_NOT_OPEN: { status: 409, zh: '该募捐项目未在募捐期内', en: 'The project is not open for giving' },
  PROJECT_CODE_TAKEN: { status: 409, zh: '项目编号已被使用', en: 'The project code is already in use' },
  AGREEMENT_REQUIRED: {
    status: 422,
    zh: '100 万元及以上的捐赠须上传书面捐赠协议',
    en: 'Gifts of ¥1,000,000 or more need a written donation agreement',
  },
  PAYMENT_CHANNEL_UNAVAILABLE: { status: 422, zh: '该支付方式未开通', en: 'This payment channel is not enabled' },
  PAYMENT_PROVIDER_FAILED: {
    status: 502,
    zh: '支付渠道暂时无法下单,请稍后重试或换一种支付方式',
    en: 'The payment provider could not take the order; try again later or use another channel',
  },
  ORDER_NOT_PAYABLE: {
    status: 409,
    zh: '订单已支付、已过期或已关闭',
    en: 'The order is already paid, expired or closed',
  },
  PAYMENT_NOTIFICATION_REJECTED: {
    status: 400,
    zh: '支付通知未通过校验,已记录并提示管理员',
    en: 'The payment notification failed verification; it was recorded and flagged',
  },
  ACCESS_TOKEN_INVALID: { status: 403, zh: '查询凭证无效', en: 'The access token is not valid' },
  FUND_INSUFFICIENT: { status: 409, zh: '基金余额不足', en: 'The fund balance is insufficient' },
  SAME_USER_APPROVAL: {
    status: 403,
    zh: '不能审批自己提交的申请,须由另一人审批',
    en: 'A second person must approve; you cannot approve your own request',
  },
  MANAGEMENT_FEE_OVER_CAP: {
    status: 422,
    zh: '管理费超过该项目允许的上限',
    en: "The management fee is above the project's cap",
  },
  NOT_PENDING: { status: 409, zh: '该申请已处理', en: 'The request has already been decided' },
  DONATION_NOT_REFUNDABLE: {
    status: 409,
    zh: '该捐赠已退款或已被使用,不能退款',
    en: 'The gift has been refunded or already spent, so it cannot be refunded',
  },
  GOODS_OUT_OF_STOCK: {
    status: 409,
    zh: '该批物资在此仓库的库存不足',
    en: 'Not enough of this lot in stock in this warehouse',
  },
  GOODS_SHELF_LIFE_TOO_SHORT: {
    status: 422,
    zh: '物资剩余有效期不足规定的最短期限,不能接收',
    en: 'The goods expire too soon to be accepted (below the minimum shelf life)',
  },
  GOODS_VALUE_EVIDENCE_REQUIRED: {
    status: 422,
    zh: '物资价值须有依据(发票、合同/中标价、市场价或评估),无依据时只登记数量',
    en: 'A value needs its evidence (invoice, contract/tender price, market price or appraisal); without it record the quantity only',
  },
  GOODS_COUNT_MISMATCH: {
    status: 422,
    zh: '复核清点结果与登记不一致(数量、品名型号或有效期)',
    en: 'The second count does not match the record (quantity, product code or expiry date)',
  },
  GOODS_EXPIRED: { status: 409, zh: '该批物资已过期,不能发放,请报损', en: 'The lot has expired: write it off instead' },
  GOODS_WAREHOUSE_INACTIVE: { status: 409, zh: '该仓库已停用', en: 'The warehouse is inactive' },
  INVALID_CREDIT_CODE: { status: 400, zh: '统一社会信用代码无效', en: 'Invalid unified social credit code' },
  RECEIPT_ANONYMOUS_GIFT: {
    status: 409,
    zh: '这是一笔匿名捐赠:如需捐赠票据,请先向受赠单位提供捐赠人姓名',
    en: "This gift was made anonymously: give the donor's name to the receiving unit first to get a receipt",
  },
  RECEIPT_ALREADY_REQUESTED: {
    status: 409,
    zh: '该捐赠的票据申请正在办理中',
    en: 'A receipt for this gift has already been requested',
  },
  RECEIPT_ALREADY_ISSUED: {
    status: 409,
    zh: '该捐赠已开具捐赠票据',
    en: 'A receipt has already been issued for this gift',
  },
  RECEIPT_GIFT_REFUNDED: {
    status: 409,
    zh: '该捐赠已退款,不能开具捐赠票据',
    en: 'The gift was refunded, so it gets no receipt',
  },
  RECEIPT_NOT_VOIDABLE: {
    status: 409,
    zh: '该票据已冲红,或本身是冲红票据',
    en: 'The receipt has already been reversed, or is itself a reversal',
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    zh: '当前状态下不能进行此操作',
    en: 'This step is not allowed in the current state',
  },
  MATERIALS_MISSING: { status: 422, zh: '缺少必需的申请材料', en: 'Required materials are missing' },
  APPROVAL_BAND_EXCEEDED: {
    status: 403,
    zh: '金额超出本级审批权限,需上级审批',
    en: 'The amount is above this level’s approval band',
  },
  NOTICE_PERIOD_RUNNING: { status: 409, zh: '公示期未满', en: 'The public notice period has not ended' },
  OBJECTION_OPEN: { status: 409, zh: '存在未处理的异议', en: 'An objection is still open' },
  RELIEF_RULE_VIOLATED: {
    status: 422,
    zh: '不符合救助规则(排除情形或同一事由已救助)',
    en: 'The case breaks a relief rule (an exclusion, or the same cause was already helped)',
  },
  NOT_WORKING_CALENDAR: {
    status: 422,
    zh: '工作日历未覆盖该日期',
    en: 'The working calendar does not cover that date',
  },
  ALREADY_ENROLLED: { status: 409, zh: '已报名该培训班', en: 'Already enrolled in this class' },
  ENROLMENT_CLOSED: { status: 409, zh: '该培训班不在报名期内', en: 'The class is not open for enrolment' },
  LESSONS_UNFINISHED: {
    status: 409,
    zh: '请先完成必修课程的在线学习',
    en: 'Finish the required online lessons first',
  },
  EXAM_NOT_OPEN: { status: 409, zh: '理论考试尚未开放或已关闭', en: 'The theory exam is not open' },
  EXAM_CLOSED: {
    status: 409,
    zh: '本次考试已结束(已交卷或已超时),答案未保存',
    en: 'This attempt has ended (submitted or out of time); the answer was not saved',
  },
  QUESTION_NOT_IN_PAPER: { status: 422, zh: '该题不在您的试卷中', en: 'The question is not in your paper' },
  ATTEMPT_IN_PROGRESS: {
    status: 409,
    zh: '已有一场正在进行的考试,请继续作答',
    en: 'An attempt is already in progress; continue it',
  },
  ATTEMPTS_EXHAUSTED: { status: 409, zh: '考试次数已用完', en: 'No attempts left' },
  QUESTION_BANK_SHORT: {
    status: 422,
    zh: '题库中的题目不足以按组卷规则出卷',
    en: 'The question bank has too few questions for the paper blueprint',
  },
  EXAMINER_IS_TRAINER: {
    status: 409,
    zh: '培考分离:本班的培训师不能担任考官',
    en: 'Training and examining are separate: a trainer of the class cannot examine it',
  },
  NOT_CLASS_EXAMINER: { status: 403, zh: '您不是本班指定的考官', en: 'You are not an examiner of this class' },
  RESULT_SIGNED: {
    status: 409,
    zh: '成绩已由考官签字确认,更正须另一名授权人员复核',
    en: 'The result is signed; a correction needs a second authorised user',
  },
  NOT_ELIGIBLE: {
    status: 409,
    zh: '尚未通过理论与实操考核,不能发证',
    en: 'Theory and practical exams are not both passed',
  },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    zh: '未查询到该证书,请核对证书编号',
    en: 'No certificate was found; check the number',
  },
  CHECKIN_NOT_OPEN: {
    status: 409,
    zh: '不在签到时间内(课次开始前后 30 分钟内可签到)',
    en: 'Check-in is open from 30 minutes before the session to 30 minutes after it ends',
  },
  QUALIFICATION_INVALID: {
    status: 409,
    zh: '该师资在培训日期内没有有效的相应资格',
    en: 'The instructor holds no valid qualification of that kind on the class dates',
  },
  // ---------------------------------------------------------------------------------------- AED (aed module)
  INVALID_LOCATION: {
    status: 422,
    zh: '位置无效:经纬度超出范围、为(0,0)、经纬度颠倒或不在中国境内',
    en: 'Invalid location: out of range, (0,0), latitude and longitude swapped, or outside China',
  },
  AED_STATUS_TRANSITION: {
    status: 409,
    zh: '该设备当前状态不允许此操作',
    en: 'The device’s status does not allow this',
  },
  AED_SERIAL_TAKEN: {
    status: 409,
    zh: '该品牌下已登记相同序列号的设备',
    en: 'A device with this brand and serial is registered',
  },
  DEVICE_KEY_INVALID: { status: 401, zh: '设备密钥无效', en: 'The device key is not valid' },
  TELEMETRY_CLOCK_SKEW: {
    status: 422,
    zh: '设备上报时间与服务器时间相差过大',
    en: 'The device’s timestamp is too far from the server’s clock',
  },
  NOT_AED_GUARDIAN: { status: 403, zh: '您不是该设备的管理责任人', en: 'You are not a guardian of this device' },
  // -- AED helper adds codes above this line
  // ---------------------------------------------------------------------------------------- response (救在身边)
  NO_VALID_CERTIFICATE: {
    status: 409,
    zh: '没有有效的救护员证,不能接受急救呼叫',
    en: 'No valid first-aider certificate: you cannot go on call',
  },
  RESPONDER_CONSENT_REQUIRED: {
    status: 409,
    zh: '请先阅读并同意志愿应答须知',
    en: 'Read and accept the responder terms first',
  },
  RESPONDER_OFF_CALL: {
    status: 409,
    zh: '您当前未在值守,不接收位置',
    en: 'You are off call; positions are not accepted',
  },
  EMERGENCY_ENDED: { status: 409, zh: '该急救事件已结束', en: 'The emergency has ended' },
  NOT_ALERTED: { status: 403, zh: '您未收到该急救事件的呼叫', en: 'You were not alerted to this emergency' },
  DISPATCH_KEY_INVALID: { status: 401, zh: '调度接口密钥无效', en: 'The dispatch API key is not valid' },
  // -- response helpers add codes above this line
  // ---------------------------------------------------------------------------------------- members (会员)
  MEMBER_ALREADY_APPLIED: {
    status: 409,
    zh: '该证件号码已有会员资格或入会申请在办理中',
    en: 'This ID number already has a membership or an application in progress',
  },
  MEMBER_GROUP_ALREADY_APPLIED: {
    status: 409,
    zh: '该单位(统一社会信用代码)已是团体会员或已申请',
    en: 'This organisation (credit code) is already a group member or has applied',
  },
  MEMBER_CATEGORY_AGE: {
    status: 422,
    zh: '未满 18 周岁的申请人应申请青少年会员',
    en: 'Applicants under 18 join as youth members',
  },
  MEMBER_GUARDIAN_REQUIRED: {
    status: 422,
    zh: '未满 14 周岁的申请人须提供监护人姓名、电话和签字的同意书',
    en: 'Applicants under 14 need a guardian’s name, phone and signed consent',
  },
  MEMBER_UNIT_NOT_ALLOWED: {
    status: 422,
    zh: '该单位不能接收会员',
    en: 'This unit does not take members',
  },
  MEMBER_NOT_PENDING: { status: 409, zh: '该入会申请已处理', en: 'This application has already been decided' },
  MEMBER_NOT_ADMITTED: {
    status: 409,
    zh: '该会员当前状态不允许此操作',
    en: 'The member’s current status does not allow this',
  },
  MEMBER_DUES_TOO_FAR_AHEAD: {
    status: 422,
    zh: '会费最多预缴至五年后',
    en: 'Dues can be paid at most five years ahead',
  },
  MEMBER_DUES_AMOUNT_MISMATCH: {
    status: 422,
    zh: '缴费金额与应缴会费不符',
    en: 'The amount does not match the dues owed',
  },
  MEMBER_DUES_SETTINGS_INVALID: {
    status: 422,
    zh: '会费设置无效:金额超过上限或分成比例合计不是 100%',
    en: 'Invalid dues settings: an amount above its cap, or shares not adding up to 100%',
  },
  MEMBER_TRANSFER_SAME_UNIT: { status: 422, zh: '转入单位与当前单位相同', en: 'The member is already in this unit' },
  MEMBER_TRANSFER_ACROSS_REGIONS: {
    status: 422,
    zh: '暂不支持跨地市转会,请由转入地重新办理入会',
    en: 'Transfers between cities are not supported yet: join again in the new city',
  },
  MEMBER_CARD_INVALID: {
    status: 404,
    zh: '会员证无效或已补办作废',
    en: 'This membership card is not valid (unknown or replaced)',
  },
  // -- members helper adds codes above this line
  // ---------------------------------------------------------------------------------------- points, orders, kits
  MEMBER_NOT_ACTIVE: { status: 409, zh: '该会员不是有效会员', en: 'This member is not an active member' },
  NOT_A_MEMBER: { status: 403, zh: '您还不是本会有效会员', en: 'You are not an active member' },
  POINT_RULE_NOT_APPLICABLE: {
    status: 422,
    zh: '该积分规则不适用于此会员所在单位,或不可手工使用',
    en: 'This point rule does not apply to the member’s unit or is not for manual use',
  },
  POINTS_INSUFFICIENT: { status: 409, zh: '积分不足', en: 'Not enough points' },
  POINTS_YEARLY_CAP: {
    status: 422,
    zh: '超过该积分规则的年度上限',
    en: 'This would pass the rule’s yearly cap for the member',
  },
  POINT_ENTRY_ALREADY_REVERSED: {
    status: 409,
    zh: '该积分记录已冲正',
    en: 'This points entry has already been reversed',
  },
  POINT_ENTRY_NOT_REVERSIBLE: {
    status: 409,
    zh: '该积分记录不能冲正(冲正记录或兑换请通过兑换撤销)',
    en: 'This entry cannot be reversed (a reversal, or a redemption: cancel the redemption instead)',
  },
  POINT_AWARD_UNAVAILABLE: { status: 409, zh: '该奖励已下架或库存不足', en: 'This award is withdrawn or out of stock' },
  POINT_REDEMPTION_DECIDED: { status: 409, zh: '该兑换已处理', en: 'This redemption has already been handled' },
  SERVICE_ORDER_STEP: {
    status: 409,
    zh: '点单当前状态不允许此操作',
    en: 'The order’s current status does not allow this step',
  },
  SERVICE_ORDER_TOO_SOON: {
    status: 422,
    zh: '期望日期早于该服务所需的提前预约天数',
    en: 'A preferred date is sooner than the service’s lead time',
  },
  SERVICE_ORDER_AUDIENCE: {
    status: 422,
    zh: '预计人数不在该服务的人数范围内',
    en: 'The expected audience is outside the service’s limits',
  },
  SERVICE_ORDER_ALREADY_RATED: { status: 409, zh: '该服务已评价', en: 'This order has already been rated' },
  SERVICE_MENU_ITEM_INACTIVE: { status: 409, zh: '该服务已下架', en: 'This service is no longer offered' },
  AID_KIT_STEP: {
    status: 409,
    zh: '急救包当前状态不允许此操作',
    en: 'The kit’s current status does not allow this step',
  },
  NOT_KIT_HOLDER: { status: 403, zh: '您不是该急救包的认领人', en: 'You do not hold this kit' },
  // -- points helper adds codes above this line
  // ---------------------------------------------------------------------------------------- volunteers (志愿服务)
  VOLUNTEER_DUPLICATE: {
    status: 409,
    zh: '该身份证号已注册为志愿者',
    en: 'This ID number is already registered as a volunteer',
  },
  VOLUNTEER_GUARDIAN_REQUIRED: {
    status: 422,
    zh: '未满18周岁需监护人同意(姓名、电话与同意书)',
    en: 'Under 18: the guardian’s name, phone and signed consent are required',
  },
  NOT_A_VOLUNTEER: {
    status: 403,
    zh: '您还不是已审核通过的志愿者',
    en: 'You are not an approved volunteer yet',
  },
  VOLUNTEER_NOT_APPROVED: { status: 409, zh: '该志愿者尚未审核通过', en: 'The volunteer is not approved' },
  ACTIVITY_NOT_OPEN: {
    status: 409,
    zh: '该活动未发布、已取消或已结束',
    en: 'The activity is not published, cancelled or over',
  },
  CHECKIN_TOKEN_INVALID: {
    status: 403,
    zh: '签到码已过期或无效,请重新扫描现场屏幕上的二维码',
    en: 'The check-in code has expired or is not valid: scan the code on the screen on site again',
  },
  CHECKIN_OUTSIDE_GEOFENCE: {
    status: 422,
    zh: '您不在活动地点范围内,无法签到',
    en: 'You are not at the activity’s place',
  },
  CHECKIN_OUTSIDE_WINDOW: {
    status: 422,
    zh: '不在签到/签退时间内',
    en: 'Outside the check-in/check-out time window',
  },
  CHECKIN_DUPLICATE: { status: 409, zh: '您已签到(签退)过了', en: 'You have already checked in (out)' },
  CHECKIN_NOT_SIGNED_UP: {
    status: 403,
    zh: '您未报名该活动,且该活动不接受现场报名',
    en: 'You did not sign up for this activity and it takes no walk-ins',
  },
  CHECKOUT_WITHOUT_CHECKIN: { status: 409, zh: '您尚未签到,无法签退', en: 'You have not checked in' },
  HOURS_OVERLAP: {
    status: 409,
    zh: '服务时段与该志愿者另一活动的已认定时长重叠',
    en: 'The hours overlap approved hours of another activity of the same volunteer',
  },
  HOURS_NO_CHECKIN: {
    status: 409,
    zh: '该志愿者没有该活动的签到记录',
    en: 'The volunteer has no check-in at this activity',
  },
  // -- volunteers helper adds codes above this line
  // ---------------------------------------------------------------------------------------- rescue teams (救援队)
  RESCUE_NOT_A_TEAM: {
    status: 422,
    zh: '该单位不是救援队(单位类型须为"救援队")',
    en: 'The unit is not a rescue team (its type must be rescue_team)',
  },
  RESCUE_MEMBER_EXISTS: {
    status: 409,
    zh: '此人已是该救援队在队队员',
    en: 'The person is already an active member of the team',
  },
  RESCUE_MEMBER_NOT_ACTIVE: {
    status: 422,
    zh: '只能派出本队在队队员(已离队或非本队队员不能派出)',
    en: 'Only active members of the team can be dispatched',
  },
  RESCUE_MEMBER_BUSY: {
    status: 409,
    zh: '该队员正在另一次时间重叠的出动中',
    en: 'The member is already on another deployment at an overlapping time',
  },
  RESCUE_RETURN_BEFORE_DEPARTURE: {
    status: 422,
    zh: '返回时间不能早于出发时间(且须先有出发时间)',
    en: 'The return cannot be before the departure (and needs a departure)',
  },
  RESCUE_REPORT_MISSING: {
    status: 422,
    zh: '请先填写完成的任务,再结束本次出动',
    en: 'Record the tasks done before closing the deployment',
  },
  // -- rescue helper adds codes above this line
  // ---------------------------------------------------------------------------------------- registry: blood, stem cells
  BLOOD_DONOR_AGE: {
    status: 422,
    zh: '献血者年龄须为18–55周岁(多次献血者可至60周岁)',
    en: 'Blood donors must be 18–55 years old (60 for repeat donors)',
  },
  BLOOD_DONATION_INTERVAL: {
    status: 409,
    zh: '距上次献全血不足6个月,请到期后再来',
    en: 'Less than 6 months since this person last gave whole blood',
  },
  BLOOD_DRIVE_CLOSED: { status: 409, zh: '该献血活动已取消', en: 'This blood drive was cancelled' },
  STEMCELL_AGE: {
    status: 422,
    zh: '造血干细胞捐献登记年龄须为18–45周岁',
    en: 'Stem-cell donors register between 18 and 45 years of age',
  },
  STEMCELL_HEALTH_INELIGIBLE: {
    status: 422,
    zh: '健康声明中有不宜捐献的情况,暂不能登记',
    en: 'The health declaration shows a condition that rules out donation',
  },
  STEMCELL_CONSENT_OUTDATED: {
    status: 409,
    zh: '知情同意书已更新,请阅读最新版本后再同意',
    en: 'The consent text has changed: read the current version and agree again',
  },
  STEMCELL_RELATIVES_INVALID: {
    status: 422,
    zh: '请填写两位不同的亲属联系人,且电话不能是本人电话',
    en: 'Give two different relatives whose phones are not your own',
  },
  STEMCELL_DUPLICATE: {
    status: 409,
    zh: '该身份证号已有有效的造血干细胞捐献登记',
    en: 'This ID number already has an active stem-cell registration',
  },
  STEMCELL_COOLING_OFF: {
    status: 409,
    zh: '仍在7天冷静期内,期满后才能确认',
    en: 'Still in the 7-day cooling-off period',
  },
  STEMCELL_STEP_NOT_ALLOWED: {
    status: 409,
    zh: '当前登记状态不能进行此步骤',
    en: 'This step is not allowed in the registration’s current status',
  },
  STEMCELL_LATE_WITHDRAWAL_UNCONFIRMED: {
    status: 409,
    zh: '已初步配型成功,可能有患者在等待:撤销前须明确确认',
    en: 'A patient may be waiting after a preliminary match: confirm the late withdrawal explicitly',
  },
  STEMCELL_BARCODE_TAKEN: { status: 409, zh: '该样本条码已被使用', en: 'This sample barcode is already in use' },
  // -- stem-cell helper adds codes above this line
  // ---------------------------------------------------------------------------------------- registry: organs, memorial
  DONOR_REGISTRATION_DUPLICATE: {
    status: 409,
    zh: '该身份证号已有有效的同类捐献登记',
    en: 'This ID number already has an active registration of this kind',
  },
  DONOR_UNDER_18: {
    status: 422,
    zh: '未满 18 周岁不能自行登记器官、遗体或组织捐献意愿',
    en: 'Under 18s cannot register a donation intent themselves',
  },
  DONOR_CONSENT_REQUIRED: {
    status: 422,
    zh: '需要本人书面同意(网上签名确认或上传签字的登记表)',
    en: 'Written consent is required (signed online or the signed form uploaded)',
  },
  DONOR_WITNESS_INVALID: {
    status: 422,
    zh: '见证人须为两位不同于登记人的人',
    en: 'Two witnesses other than the registrant are required',
  },
  NOT_REGISTRANT: {
    status: 403,
    zh: '只有登记人本人或经授权的工作人员可以办理',
    en: 'Only the registrant or authorised staff may do this',
  },
  WITHDRAWAL_REQUEST_REQUIRED: {
    status: 422,
    zh: '工作人员代为撤销须记录登记人的撤销申请(说明及申请书)',
    en: 'Staff withdrawing a registration must record the registrant’s request (note and signed request)',
  },
  REGISTRATION_NOT_ACTIVE: {
    status: 409,
    zh: '该登记当前状态不允许此操作',
    en: 'The registration’s status does not allow this',
  },
  AFTER_DEATH_STEP_ORDER: {
    status: 409,
    zh: '身后事项须按顺序记录(先报告身故,再记录接收)',
    en: 'After-death steps go in order (death reported, then received)',
  },
  MEMORIAL_CONSENT_REQUIRED: {
    status: 422,
    zh: '建立纪念页须有家属同意',
    en: 'A memorial needs the family’s consent',
  },
  MEMORIAL_EXISTS: { status: 409, zh: '该捐献者已有纪念页', en: 'This donor already has a memorial' },
  MEMORIAL_MESSAGE_TOO_LONG: {
    status: 422,
    zh: '留言过长(最多 300 字)',
    en: 'The message is too long (300 characters at most)',
  },
  MEMORIAL_MESSAGE_HAS_LINK: {
    status: 422,
    zh: '留言不能包含链接或网址',
    en: 'Messages may not contain links or web addresses',
  },
  MEMORIAL_FLOWER_LIMIT: {
    status: 429,
    zh: '今天已经献过花了,明天再来吧',
    en: 'You have already left flowers today',
  },
  MEMORIAL_MESSAGE_DECIDED: { status: 409, zh: '该留言已审核', en: 'This message has already been moderated' },
  // -- organ helper adds codes above this line
  // ---------------------------------------------------------------------------------------- kpi: indicators, cockpit
  KPI_PERIOD_FUTURE: {
    status: 422,
    zh: '所选期间尚未开始,没有统计数据',
    en: 'The period has not begun yet: there are no figures for it',
  },
  KPI_INDICATOR_EXISTS: { status: 409, zh: '指标代码已存在', en: 'An indicator with this code already exists' },
  KPI_INDICATOR_BUILTIN: {
    status: 422,
    zh: '由业务数据计算的指标只能启用或停用,其定义随系统更新',
    en: 'An indicator computed from records can only be switched on or off; its definition ships with the system',
  },
  KPI_PROVINCE_ONLY: {
    status: 403,
    zh: '指标目录只能由省级红十字会管理',
    en: 'Only the provincial branch manages the indicator catalogue',
  },
  ORG_MERGE_SELF: { status: 422, zh: '不能将单位合并到其自身', en: 'A unit cannot be merged into itself' },
  ORG_MERGE_TYPE_MISMATCH: {
    status: 422,
    zh: '只能合并同类型的单位(如乡镇并入乡镇)',
    en: 'Only units of the same type can merge (a township into a township)',
  },
  ORG_MERGE_FUTURE: { status: 422, zh: '合并生效日期不能晚于今天', en: 'The merge cannot take effect after today' },
  ORG_MERGE_INACTIVE: {
    status: 409,
    zh: '停用或已合并的单位不能参与合并',
    en: 'An inactive or already merged unit cannot take part in a merge',
  },
  ORG_MERGE_INSIDE: {
    status: 422,
    zh: '不能将单位并入其下级单位',
    en: 'A unit cannot be merged into a unit below it',
  },
  // -- kpi engine helper adds codes above this line
  // ---------------------------------------------------------------------------------------- kpi: targets, manual figures
  KPI_SPLIT_EXCEEDS_PARENT: {
    status: 409,
    zh: '下级目标之和超过上级目标,须由上级单位审批超额',
    en: "The children's targets add up to more than the parent's; the parent's owner must approve the excess",
  },
  KPI_TARGET_LOCKED: {
    status: 409,
    zh: '目标已审定锁定,请提出目标变更申请',
    en: 'The target is approved and locked; request a change instead',
  },
  KPI_TARGET_NOT_LOCKED: {
    status: 409,
    zh: '目标尚未审定,可直接修改,无需变更申请',
    en: 'The target is not locked yet; change it directly',
  },
  KPI_TARGET_YEAR_CLOSED: { status: 422, zh: '往年目标已归档,只读', en: "Past years' targets are read-only" },
  KPI_TARGET_YEAR_NOT_OPEN: {
    status: 422,
    zh: '只能编制本年度和下一年度的目标',
    en: 'Targets can be set for this year and next year only',
  },
  KPI_MONTHLY_MISMATCH: {
    status: 422,
    zh: '12 个月的分月目标之和须等于年度目标',
    en: 'The twelve monthly targets must add up to the annual target',
  },
  KPI_NOT_A_CHILD: { status: 422, zh: '只能分解到直属下级单位', en: 'Targets are split among direct child units only' },
  KPI_PARENT_NO_TARGET: {
    status: 422,
    zh: '上级单位尚无该指标的年度目标,无法分解',
    en: 'The parent unit has no target for this indicator to split',
  },
  KPI_CHANGE_PENDING: {
    status: 409,
    zh: '该目标已有待审批的变更申请',
    en: 'This target already has a change request waiting for a decision',
  },
  KPI_CHANGE_DECIDED: { status: 409, zh: '该变更申请已处理', en: 'This change request has already been decided' },
  KPI_CHANGE_OWN_REQUEST: {
    status: 403,
    zh: '不能审批本人提出的变更申请',
    en: 'A change request cannot be decided by the person who made it',
  },
  KPI_INDICATOR_COMPUTED: {
    status: 422,
    zh: '该指标由业务数据自动统计,不能手工填报',
    en: 'This indicator is computed from the records and cannot be entered by hand',
  },
  KPI_MONTH_IN_FUTURE: {
    status: 422,
    zh: '不能填报未来月份的数据',
    en: 'Figures cannot be entered for a future month',
  },
  KPI_MANUAL_FIGURE_EXISTS: {
    status: 409,
    zh: '该单位本月已填报此指标;如需更正,请选择替换并说明原因',
    en: 'A figure for this unit and month is already entered; replace it with a reason to correct it',
  },
  KPI_MANUAL_FIGURE_VOID: { status: 409, zh: '该填报数据已作废', en: 'This figure has already been voided' },
  // -- kpi targets helper adds codes above this line
  // ---------------------------------------------------------------------------------------- kpi: transparency index
  KPI_ANNUAL_DISCLOSURE_EXISTS: {
    status: 409,
    zh: '该年度的此项公开已登记;如需更正,请登记更正公告',
    en: 'This publication is already recorded for that year; record a correction notice instead',
  },
  // -- kpi transparency helper adds codes above this line
  // ---------------------------------------------------------------------------------------- kpi: reports
  KPI_REPORT_RECIPIENT: {
    status: 422,
    zh: '收件人须为有权查看该单位指标的工作人员账号',
    en: 'A staff recipient must be an account that may view this unit’s indicators',
  },
  // -- kpi reports helper adds codes above this line
  // ---------------------------------------------------------------------------------------- kpi: map outlines
  KPI_MAP_UNAVAILABLE: {
    status: 404,
    zh: '该单位以下没有地图边界数据(乡镇一级只显示列表)',
    en: 'No map outlines below this unit (townships are shown as a list)',
  },
  // -- kpi geo helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: fuzz
  URL_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'The request URL is too long' },
  DOCUMENT_UNPRINTABLE: {
    status: 422,
    zh: '文字中有文档字体无法打印的字符(如表情符号),请修改相关名称或内容后再试',
    en: 'The text holds characters the document font cannot print (such as emoji); edit the names or text and try again',
  },
  // -- fuzz helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: security
  CSRF_REJECTED: {
    status: 403,
    zh: '请求来自其他网站,已拒绝(跨站请求伪造防护)',
    en: 'Request refused: it came from another site (cross-site request forgery defence)',
  },
  // -- security helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: audit chain
  AUDIT_CHAIN_PROVINCE_ONLY: {
    status: 403,
    zh: '审计哈希链涵盖全平台,仅省级审计查看权限可查看或校验',
    en: 'The audit hash chain covers the whole platform: only audit:view at a province may view or verify it',
  },
  // -- audit chain helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: pii keys
  // -- pii keys helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: backup and personal data
  PRIVACY_LEGAL_HOLD: {
    status: 409,
    zh: '该人员仍有未办结的业务(如未结救助个案、待拨付款项、未还借款),暂不能删除其个人信息',
    en: 'The person still has business in progress (an open relief case, a pending payout, an unpaid loan): erasure must wait',
  },
  PRIVACY_REQUEST_CLOSED: {
    status: 409,
    zh: '该个人信息请求已办结',
    en: 'This personal-data request is already closed',
  },
  PRIVACY_REQUEST_KIND: {
    status: 409,
    zh: '该请求不是此类请求(查阅复制与删除请分别登记)',
    en: 'This request is of the other kind (copy and erasure requests are recorded separately)',
  },
  PRIVACY_REQUEST_OPEN: {
    status: 409,
    zh: '已有一个未办结的删除请求,请等待工作人员处理',
    en: 'An erasure request is already open; staff will handle it',
  },
  // -- backup and personal data helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: operations
  // -- operations helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: invariants
  // -- invariants helper adds codes above this line
  // ---------------------------------------------------------------------------------------- hardening: crash
  // -- crash helper adds codes above this line
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof catalogue;
export type Locale = 'zh' | 'en';
export const errorCodes = Object.keys(catalogue) as ErrorCode[];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, details?: Record<string, unknown>) {
    super(catalogue[code].en);
    this.code = code;
    this.status = catalogue[code].status;
    this.details = details;
  }
}

export function messageFor(code: ErrorCode, locale: Locale): string {
  return catalogue[code][locale];
}

export function statusOf(code: ErrorCode): number {
  return catalogue[code].status;
}

export function toErrorBody(code: ErrorCode, locale: Locale, details?: Record<string, unknown>) {
  return { error: { code, message: messageFor(code, locale), ...(details ? { details } : {}) } };
}

/** The one error body, declared once for OpenAPI. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error responses a route documents in OpenAPI, all sharing the one error body. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorBodySchema])) as Record<S, typeof errorBodySchema>;
}
